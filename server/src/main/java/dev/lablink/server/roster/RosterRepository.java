package dev.lablink.server.roster;

import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The roster table: who may claim a seat when {@code participants.access} is roster. */
@Repository
public class RosterRepository {
    private final JdbcClient jdbc;

    public RosterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(String email) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM roster WHERE email = :email)")
                .param("email", email.toLowerCase(Locale.ROOT))
                .query(Boolean.class).single();
    }
}
