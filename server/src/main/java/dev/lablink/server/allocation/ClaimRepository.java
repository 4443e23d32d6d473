package dev.lablink.server.allocation;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for seats. The claim itself is one statement; see {@link #claimFreeMachine}. */
@Repository
public class ClaimRepository {
    private static final RowMapper<Claim> ROW = (rs, n) -> new Claim(rs.getLong("claim_id"), rs.getString("email"),
            rs.getLong("machine_id"), rs.getString("machine"), rs.getString("state"), rs.getTimestamp("claimed_at").toInstant());

    private final JdbcClient jdbc;

    public ClaimRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the oldest free machine for {@code email}, atomically: the row lock with SKIP LOCKED
     * keeps two claims off one machine, and the unique index on active claims keeps one email off
     * two machines (the loser gets a DuplicateKeyException). Writes the claim, the event and the
     * notification that wakes the machine's agent in the same statement.
     */
    public Optional<Claim> claimFreeMachine(String email) {
        return jdbc.sql("""
                WITH picked AS (
                    SELECT id FROM machines WHERE state = 'READY' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                ), assigned AS (
                    UPDATE machines m
                       SET state = 'ASSIGNED', assigned_email = :email, state_reason = NULL, state_changed_at = now(),
                           state_times = m.state_times || jsonb_build_object('ASSIGNED', now())
                      FROM picked WHERE m.id = picked.id
                    RETURNING m.id, m.name
                ), claimed AS (
                    INSERT INTO claims (email, machine_id) SELECT :email, id FROM assigned
                    RETURNING id, machine_id, claimed_at
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, from_state, to_state, message)
                    SELECT 'participant:' || :email, id, 'STATE_CHANGED', 'READY', 'ASSIGNED', 'claimed by ' || :email FROM assigned
                )
                SELECT c.id AS claim_id, CAST(:email AS text) AS email, a.id AS machine_id, a.name AS machine,
                       'ASSIGNED' AS state, c.claimed_at, pg_notify('lablink_assignment', a.id::text)
                  FROM assigned a JOIN claimed c ON c.machine_id = a.id
                """)
                .param("email", email)
                .query(ROW)
                .optional();
    }

    public Optional<Claim> activeClaim(String email) {
        return jdbc.sql("""
                SELECT c.id AS claim_id, c.email, m.id AS machine_id, m.name AS machine, m.state, c.claimed_at
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.email = :email AND c.released_at IS NULL
                """)
                .param("email", email)
                .query(ROW)
                .optional();
    }

    /** The active claim on a machine, if its agent should be serving one. */
    public Optional<Claim> activeClaimOn(long machineId) {
        return jdbc.sql("""
                SELECT c.id AS claim_id, c.email, m.id AS machine_id, m.name AS machine, m.state, c.claimed_at
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.machine_id = :id AND c.released_at IS NULL AND m.state IN ('ASSIGNED', 'IN_USE')
                """)
                .param("id", machineId)
                .query(ROW)
                .optional();
    }

    public SeatCounts seatCounts() {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE state IN ('PROVISIONING', 'BOOTING', 'READY', 'ASSIGNED', 'IN_USE')) AS total,
                       count(*) FILTER (WHERE state = 'READY') AS free,
                       count(*) FILTER (WHERE state IN ('ASSIGNED', 'IN_USE')) AS claimed,
                       count(*) FILTER (WHERE state IN ('PROVISIONING', 'BOOTING')) AS starting
                  FROM machines
                """)
                .query((rs, n) -> new SeatCounts(rs.getInt("total"), rs.getInt("free"), rs.getInt("claimed"), rs.getInt("starting")))
                .single();
    }
}
