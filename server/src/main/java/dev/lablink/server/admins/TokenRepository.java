package dev.lablink.server.admins;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The admin_tokens table: hashes of API tokens, never the tokens. */
@Repository
public class TokenRepository {
    private static final String COLUMNS = "id, username, name, prefix, created_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    public TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ApiToken insert(String username, String name, String hash, String prefix) {
        return jdbc.sql("INSERT INTO admin_tokens (username, name, token_hash, prefix) VALUES (:username, :name, :hash, :prefix) RETURNING " + COLUMNS)
                .param("username", username).param("name", name).param("hash", hash).param("prefix", prefix)
                .query(TokenRepository::token).single();
    }

    public record Owner(long tokenId, String username, Role role) {
    }

    /** The live (not revoked) token with this hash and its account's role; marks it used. */
    public Optional<Owner> use(String hash) {
        return jdbc.sql("""
                UPDATE admin_tokens t SET last_used_at = now()
                  FROM admin_accounts a
                 WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND a.username = t.username
                RETURNING t.id, t.username, a.role
                """)
                .param("hash", hash)
                .query((rs, n) -> new Owner(rs.getLong("id"), rs.getString("username"),
                        Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT))))
                .optional();
    }

    /** Newest first; {@code username} null for everyone's. */
    public List<ApiToken> list(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM admin_tokens WHERE (CAST(:username AS text) IS NULL OR username = :username) ORDER BY id DESC")
                .param("username", username).query(TokenRepository::token).list();
    }

    public Optional<ApiToken> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM admin_tokens WHERE id = :id").param("id", id).query(TokenRepository::token).optional();
    }

    public boolean revoke(long id) {
        return jdbc.sql("UPDATE admin_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL").param("id", id).update() == 1;
    }

    private static ApiToken token(ResultSet rs, int n) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("username"), rs.getString("name"), rs.getString("prefix"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("revoked_at")));
    }

    private static java.time.Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
