package dev.lablink.server.participant;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Mailed sign-in links, by the SHA-256 of their token; times are the database's clock. */
@Repository
class SignInLinkRepository {
    private final JdbcClient jdbc;

    SignInLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A link as its token's holder finds it: whose, and whether it can still be used. */
    record Link(String email, boolean expired, boolean used) {
    }

    void create(String tokenHash, String email, int validMinutes, String requestedFrom) {
        jdbc.sql("""
                INSERT INTO sign_in_links (token_hash, email, expires_at, requested_from)
                VALUES (:hash, :email, now() + make_interval(mins => :minutes), :from)
                """)
                .param("hash", tokenHash).param("email", email).param("minutes", validMinutes).param("from", requestedFrom)
                .update();
    }

    Optional<Link> find(String tokenHash) {
        return jdbc.sql("SELECT email, expires_at <= now() AS expired, used_at IS NOT NULL AS used FROM sign_in_links WHERE token_hash = :hash")
                .param("hash", tokenHash)
                .query((rs, n) -> new Link(rs.getString("email"), rs.getBoolean("expired"), rs.getBoolean("used")))
                .optional();
    }

    /** Marks the link used; false when another request used it first or it expired meanwhile. */
    boolean use(String tokenHash) {
        return jdbc.sql("UPDATE sign_in_links SET used_at = now() WHERE token_hash = :hash AND used_at IS NULL AND expires_at > now()")
                .param("hash", tokenHash).update() == 1;
    }

    /** Seconds since the newest link for {@code email}, by the database clock; empty when there is none. */
    Optional<Double> secondsSinceLast(String email) {
        return jdbc.sql("SELECT EXTRACT(EPOCH FROM now() - max(created_at)) FROM sign_in_links WHERE email = :email")
                .param("email", email)
                .query((rs, n) -> {
                    double seconds = rs.getDouble(1);
                    return rs.wasNull() ? null : seconds;
                })
                .optional();
    }

    /** Links a day past their expiry are of no use to anyone. */
    int deleteOld() {
        return jdbc.sql("DELETE FROM sign_in_links WHERE expires_at < now() - interval '1 day'").update();
    }
}
