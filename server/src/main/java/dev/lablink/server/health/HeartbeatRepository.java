package dev.lablink.server.health;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineLifecycle;
import dev.lablink.server.machines.MachineTransitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL for heartbeats, and the watchdog's move to UNREACHABLE (composed from {@link MachineTransitions}, one statement). */
@Repository
public class HeartbeatRepository {
    private static final MachineTransitions.Target UNREACHABLE = MachineTransitions.Target.state(MachineState.UNREACHABLE);

    private final JdbcClient jdbc;
    /** The application's mapper, so the stored heartbeat has the keys the agent sent (snake_case). */
    private final JsonMapper json;

    public HeartbeatRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores the heartbeat as the machine's latest and returns what the one before said (for noticing
     * a reboot or a session that ended). When the set of answering ports changed, every allocator's
     * pages hear of it (the machine-change notification), so app buttons turn live without a reload.
     */
    public MachineLifecycle.Beat record(long machineId, Heartbeat heartbeat) {
        record Recorded(MachineLifecycle.Beat previous, boolean portsChanged) {
        }
        Recorded recorded = jdbc.sql("""
                WITH old AS (
                    SELECT id, boot_id, (last_heartbeat ->> 'session_alive')::boolean AS session_alive,
                           last_heartbeat -> 'ready_ports' AS ready_ports
                      FROM machines WHERE id = :id FOR UPDATE
                )
                UPDATE machines m
                   SET last_heartbeat = CAST(:heartbeat AS jsonb) || jsonb_build_object('at', now()),
                       boot_id = COALESCE(:bootId, m.boot_id), last_seen_at = now(),
                       software_seen_at = CASE WHEN :softwareRunning THEN now() ELSE m.software_seen_at END
                  FROM old WHERE m.id = old.id
                RETURNING old.boot_id, old.session_alive,
                          COALESCE(old.ready_ports, 'null'::jsonb) IS DISTINCT FROM COALESCE(m.last_heartbeat -> 'ready_ports', 'null'::jsonb)
                              AS ports_changed
                """)
                .param("id", machineId)
                .param("heartbeat", json.writeValueAsString(heartbeat))
                .param("bootId", heartbeat.bootId())
                .param("softwareRunning", Boolean.TRUE.equals(heartbeat.softwareRunning()))
                .query((rs, n) -> new Recorded(new MachineLifecycle.Beat(rs.getString("boot_id"), (Boolean) rs.getObject("session_alive"), null),
                        rs.getBoolean("ports_changed")))
                .single();
        if (recorded.portsChanged()) {
            jdbc.sql("SELECT " + MachineTransitions.notify("CAST(:id AS bigint)")).param("id", machineId).query((rs, n) -> 1).list();
        }
        return recorded.previous();
    }

    /** The tunnel ports that accepted a connection on the machine at its latest heartbeat; empty when unknown. */
    public java.util.Set<Integer> readyPorts(long machineId) {
        return jdbc.sql("""
                SELECT jsonb_array_elements_text(last_heartbeat -> 'ready_ports')::int AS port
                  FROM machines WHERE id = :id AND jsonb_typeof(last_heartbeat -> 'ready_ports') = 'array'
                """)
                .param("id", machineId)
                .query(Integer.class)
                .set();
    }

    /** The machine's latest heartbeat, if it sent one. */
    public Optional<LastHeartbeat> latest(long machineId) {
        return jdbc.sql("""
                SELECT (last_heartbeat ->> 'at')::timestamptz AS at, last_heartbeat ->> 'boot_id' AS boot_id,
                       (last_heartbeat ->> 'disk_free_bytes')::bigint AS disk_free_bytes,
                       (last_heartbeat ->> 'load_1m')::float8 AS load_1m, (last_heartbeat ->> 'session_alive')::boolean AS session_alive,
                       (last_heartbeat ->> 'software_running')::boolean AS software_running, software_seen_at
                  FROM machines WHERE id = :id AND last_heartbeat IS NOT NULL
                """)
                .param("id", machineId)
                .query((rs, n) -> new LastHeartbeat(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("boot_id"),
                        rs.getObject("disk_free_bytes", Long.class), rs.getObject("load_1m", Double.class),
                        rs.getObject("session_alive", Boolean.class), rs.getObject("software_running", Boolean.class),
                        Optional.ofNullable(rs.getObject("software_seen_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .optional();
    }

    /** A heartbeat as the allocator last stored it, for the console; {@code softwareSeenAt}: when session.software last ran (null: never seen). */
    public record LastHeartbeat(Instant at, String bootId, Long diskFreeBytes, Double load1m, Boolean sessionAlive, Boolean softwareRunning,
                                Instant softwareSeenAt) {
    }

    /**
     * A machine that went quiet, as the watchdog found it; {@code claimedBy} is the participant on
     * it, if any; {@code labLinkClient}: one of LabLink's client images, which this allocator did not create.
     */
    public record Silenced(long id, String name, MachineState previous, String claimedBy, boolean labLinkClient) {
    }

    /**
     * Moves every watched machine that has been silent longer than its protocol allows to
     * UNREACHABLE, remembering the state it left. Silence counts from the latest of its last
     * heartbeat, its last state change and {@code notBefore} (this allocator's start, so a restart
     * after a long stop does not condemn every machine before its agent had a chance to speak).
     */
    List<Silenced> markUnreachable(HeartbeatExpectation expected, Instant notBefore) {
        return jdbc.sql("""
                WITH stale AS (
                    SELECT id, state FROM machines
                     WHERE state IN (%s)
                       AND COALESCE(provider = :client, false) = :forClients
                       AND (NOT :forClients OR last_heartbeat IS NOT NULL)
                       AND GREATEST(COALESCE(last_seen_at, '-infinity'), state_changed_at, :notBefore)
                           < now() - make_interval(secs => :seconds)
                     FOR UPDATE SKIP LOCKED
                ),
                """.formatted(MachineTransitions.names(MachineState.WATCHED))
                + MachineTransitions.move("stale", UNREACHABLE, "state_before_unreachable = s.state, state_reason = :reason,",
                        "'system:watchdog'", ":reason")
                + "SELECT id, name, previous, assigned_email, " + MachineTransitions.notify("id") + " FROM moved")
                .param("client", Machine.LABLINK_CLIENT)
                .param("forClients", expected.labLinkClients())
                .param("notBefore", Timestamp.from(notBefore))
                .param("seconds", expected.silence().toSeconds())
                .param("reason", expected.reason())
                .query((rs, n) -> {
                    MachineState previous = MachineState.valueOf(rs.getString("previous"));
                    return new Silenced(rs.getLong("id"), rs.getString("name"), previous,
                            previous.holdsSeat() ? rs.getString("assigned_email") : null, expected.labLinkClients());
                })
                .list();
    }

    /**
     * Machines still starting after {@code timeout}: their agent never registered. The timeout runs
     * from the later of the machine's last state change and the agent's last word: an agent that
     * prepares the machine (clone, pull) asked for its orders and sends heartbeats meanwhile. LabLink client
     * machines are left out: they boot where this allocator cannot see (pulling a large image can
     * take longer), and a FAILED one could never report running again.
     */
    public List<Long> stuckStarting(Duration timeout) {
        return jdbc.sql("""
                SELECT id FROM machines
                 WHERE state IN ('PROVISIONING', 'BOOTING')
                   AND GREATEST(state_changed_at, COALESCE(last_seen_at, '-infinity')) < now() - make_interval(secs => :seconds)
                   AND provider IS DISTINCT FROM :client
                """)
                .param("seconds", timeout.toSeconds())
                .param("client", Machine.LABLINK_CLIENT)
                .query(Long.class)
                .list();
    }

    /**
     * Machines recovery works through each round, with the claim on them if any: those that
     * stopped answering, and live ones whose GPU is UNHEALTHY. {@code why} completes "X, which …".
     * LabLink client machines are left out: this allocator did not create them, so it must never
     * destroy or replace them (they are flagged instead, and kept out of the free seats).
     */
    public record Troubled(long id, String name, Long claimId, String email, String why) {
    }

    public List<Troubled> troubled() {
        return jdbc.sql("""
                SELECT m.id, m.name, c.id AS claim_id, c.email,
                       CASE WHEN m.state = 'UNREACHABLE' THEN 'stopped answering'
                            ELSE 'has an unhealthy GPU (' || m.gpu_health_reason || ')' END AS why
                  FROM machines m LEFT JOIN claims c ON c.machine_id = m.id AND c.released_at IS NULL
                 WHERE (m.state = 'UNREACHABLE'
                        OR (m.gpu_health = 'UNHEALTHY' AND m.state IN ('READY', 'ASSIGNED', 'IN_USE')))
                   AND m.provider IS DISTINCT FROM :client
                 ORDER BY m.id
                """)
                .param("client", Machine.LABLINK_CLIENT)
                .query((rs, n) -> new Troubled(rs.getLong("id"), rs.getString("name"),
                        (Long) rs.getObject("claim_id", Long.class), rs.getString("email"), rs.getString("why")))
                .list();
    }
}
