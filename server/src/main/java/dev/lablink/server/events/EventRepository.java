package dev.lablink.server.events;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail: who did what to which machine, when. */
@Repository
public class EventRepository {
    private final JdbcClient jdbc;

    public EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, Long machineId, String type, String message) {
        jdbc.sql("INSERT INTO events (actor, machine_id, type, message) VALUES (:actor, :machine, :type, :message)")
                .param("actor", actor)
                .param("machine", machineId)
                .param("type", type)
                .param("message", message)
                .update();
    }

    /** Newest first; {@code before} is the id to page back from (exclusive), or null for the newest page. */
    public List<Event> page(Long before, int limit, String machineName) {
        return jdbc.sql("""
                SELECT e.id, e.at, e.actor, m.name AS machine, e.type, e.from_state, e.to_state, e.message
                  FROM events e LEFT JOIN machines m ON m.id = e.machine_id
                 WHERE (CAST(:before AS bigint) IS NULL OR e.id < :before)
                   AND (CAST(:machine AS text) IS NULL OR m.name = :machine)
                 ORDER BY e.id DESC
                 LIMIT :limit
                """)
                .param("before", before)
                .param("machine", machineName)
                .param("limit", limit)
                .query((rs, n) -> new Event(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("machine"), rs.getString("type"), rs.getString("from_state"),
                        rs.getString("to_state"), rs.getString("message")))
                .list();
    }
}
