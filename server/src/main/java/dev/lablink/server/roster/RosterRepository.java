package dev.lablink.server.roster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * Everyone, by email, with the seat each holds now; {@code search} (null for all) matches
     * email, name or group, ignoring case.
     */
    public List<RosterPerson> list(String search) {
        return jdbc.sql("""
                SELECT r.email, r.name, r.group_name, r.added_at, m.name AS seat
                  FROM roster r
                  LEFT JOIN claims c ON c.email = r.email AND c.released_at IS NULL
                  LEFT JOIN machines m ON m.id = c.machine_id
                 WHERE CAST(:search AS text) IS NULL
                    OR strpos(lower(r.email || ' ' || coalesce(r.name, '') || ' ' || coalesce(r.group_name, '')), lower(CAST(:search AS text))) > 0
                 ORDER BY r.email
                """)
                .param("search", search == null || search.isBlank() ? null : search.trim())
                .query(RosterRepository::person).list();
    }

    public int count() {
        return jdbc.sql("SELECT count(*) FROM roster").query(Integer.class).single();
    }

    /** Holds off other imports and removals until this transaction ends, so two imports do not interleave. */
    void lock() {
        jdbc.sql("LOCK TABLE roster IN SHARE ROW EXCLUSIVE MODE").update();
    }

    Map<String, RosterEntry> entries() {
        Map<String, RosterEntry> entries = new LinkedHashMap<>();
        jdbc.sql("SELECT email, name, group_name FROM roster").query((rs, n) -> new RosterEntry(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list().forEach(entry -> entries.put(entry.email(), entry));
        return entries;
    }

    /** Adds these people, or updates their name and group; one statement for the lot. */
    void save(Collection<RosterEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO roster (email, name, group_name)
                SELECT * FROM unnest(CAST(:emails AS text[]), CAST(:names AS text[]), CAST(:groups AS text[]))
                ON CONFLICT (email) DO UPDATE SET name = excluded.name, group_name = excluded.group_name
                """)
                .param("emails", entries.stream().map(RosterEntry::email).toArray(String[]::new))
                .param("names", entries.stream().map(RosterEntry::name).toArray(String[]::new))
                .param("groups", entries.stream().map(RosterEntry::group).toArray(String[]::new))
                .update();
    }

    /** Removes everyone not among {@code keep}; how many went. */
    int removeAllBut(Collection<String> keep) {
        return jdbc.sql("DELETE FROM roster WHERE NOT (email = ANY (CAST(:keep AS text[])))")
                .param("keep", keep.toArray(String[]::new)).update();
    }

    boolean remove(String email) {
        return jdbc.sql("DELETE FROM roster WHERE email = :email").param("email", email.toLowerCase(Locale.ROOT)).update() > 0;
    }

    int clear() {
        return jdbc.sql("DELETE FROM roster").update();
    }

    private static RosterPerson person(ResultSet rs, int row) throws SQLException {
        return new RosterPerson(rs.getString("email"), rs.getString("name"), rs.getString("group_name"),
                rs.getTimestamp("added_at").toInstant(), rs.getString("seat"));
    }
}
