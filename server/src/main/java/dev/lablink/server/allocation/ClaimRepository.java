package dev.lablink.server.allocation;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.MachineTransitions;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for seats. The claim itself is one statement; see {@link #claimFreeMachine}. */
@Repository
public class ClaimRepository {
    private static final String COLUMNS = """
            c.id AS claim_id, c.email, m.id AS machine_id, m.name AS machine, m.state, c.claimed_at,
            c.page_key, c.released_at, c.release_reason, c.crd_code_sealed, c.pin_sealed, c.ssh_public_key
            """;
    private static final RowMapper<Claim> ROW = (rs, n) -> new Claim(rs.getLong("claim_id"), rs.getString("email"),
            rs.getLong("machine_id"), rs.getString("machine"), rs.getString("state"), rs.getTimestamp("claimed_at").toInstant(),
            rs.getString("page_key"), rs.getTimestamp("released_at") == null ? null : rs.getTimestamp("released_at").toInstant(),
            rs.getString("release_reason"), new Claim.Sealed(rs.getString("crd_code_sealed"), rs.getString("pin_sealed")),
            rs.getString("ssh_public_key"));

    /** A READY machine is offered to participants unless its GPU is UNHEALTHY (it comes back when it reports healthy). */
    private static final String OFFERED = "gpu_health IS DISTINCT FROM 'UNHEALTHY'";

    private static final MachineTransitions.Target ASSIGNED = MachineTransitions.Target.state(MachineState.ASSIGNED);

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
    public Optional<Claim> claimFreeMachine(String email, String pageKey, Claim.Sealed sealed) {
        return jdbc.sql("""
                WITH picked AS (
                    SELECT id, state FROM machines WHERE state = 'READY' AND %s ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                ),
                """.formatted(OFFERED)
                + MachineTransitions.move("picked", ASSIGNED, "assigned_email = :email, state_reason = NULL,",
                        "'participant:' || :email", "'claimed by ' || :email")
                + """
                , claimed AS (
                    INSERT INTO claims (email, machine_id, page_key, crd_code_sealed, pin_sealed)
                    SELECT :email, id, :pageKey, :crd, :pin FROM moved
                    RETURNING id, machine_id, claimed_at, page_key, crd_code_sealed, pin_sealed
                )
                SELECT c.id AS claim_id, CAST(:email AS text) AS email, a.id AS machine_id, a.name AS machine,
                       a.state, c.claimed_at, c.page_key, CAST(NULL AS timestamptz) AS released_at,
                       CAST(NULL AS text) AS release_reason, c.crd_code_sealed, c.pin_sealed,
                       CAST(NULL AS text) AS ssh_public_key, %s
                  FROM moved a JOIN claimed c ON c.machine_id = a.id
                """.formatted(MachineTransitions.notify("a.id")))
                .param("email", email)
                .param("pageKey", pageKey)
                .param("crd", sealed.crdCode())
                .param("pin", sealed.pin())
                .query(ROW)
                .optional();
    }

    public Optional<Claim> activeClaim(String email) {
        return jdbc.sql("SELECT " + COLUMNS + """
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.email = :email AND c.released_at IS NULL
                """)
                .param("email", email)
                .query(ROW)
                .optional();
    }

    /** The active claim on a machine, if its agent should be serving one (also while it is briefly unreachable). */
    public Optional<Claim> activeClaimOn(long machineId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.machine_id = :id AND c.released_at IS NULL AND m.state IN ('ASSIGNED', 'IN_USE', 'UNREACHABLE')
                """)
                .param("id", machineId)
                .query(ROW)
                .optional();
    }

    /**
     * Moves an active claim to the oldest free machine, in one statement like {@link #claimFreeMachine}:
     * the participant keeps their claim (and seat page), only its machine changes.
     *
     * @return the machine it moved to, or empty when none is free or the claim has ended or moved already
     */
    public Optional<String> moveToFreeMachine(long claimId, long fromMachineId, String reason) {
        return jdbc.sql("""
                WITH claim AS (
                    SELECT id, email FROM claims WHERE id = :claim AND machine_id = :from AND released_at IS NULL FOR UPDATE
                ), picked AS (
                    SELECT id, state FROM machines WHERE state = 'READY' AND %s AND EXISTS (SELECT 1 FROM claim)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                ),
                """.formatted(OFFERED)
                + MachineTransitions.move("picked", ASSIGNED, "assigned_email = (SELECT email FROM claim), state_reason = :reason,",
                        "'system:recovery'", ":reason")
                + """
                , reassigned AS (
                    UPDATE claims c SET machine_id = a.id FROM moved a WHERE c.id = :claim
                )
                SELECT name, %s FROM moved
                """.formatted(MachineTransitions.notify("id")))
                .param("claim", claimId)
                .param("from", fromMachineId)
                .param("reason", reason)
                .query((rs, n) -> rs.getString("name"))
                .optional();
    }

    /**
     * Replaces the sealed CRD code of an active claim (the PIN stays), with its event and the
     * notification that wakes the machine's poll; empty when the claim has ended meanwhile.
     */
    public Optional<Claim> replaceCrdCode(long claimId, String sealedCode) {
        return jdbc.sql("""
                WITH updated AS (
                    UPDATE claims SET crd_code_sealed = :crd WHERE id = :id AND released_at IS NULL
                    RETURNING id, email, machine_id
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, message)
                    SELECT 'participant:' || email, machine_id, 'CRD_CODE', email || ' submitted a new Chrome Remote Desktop code; the PIN stays'
                      FROM updated
                )
                SELECT machine_id, %s FROM updated
                """.formatted(MachineTransitions.notify("machine_id")))
                .param("id", claimId)
                .param("crd", sealedCode)
                .query((rs, n) -> rs.getLong("machine_id"))
                .optional()
                .flatMap(machineId -> activeClaimById(claimId));
    }

    /**
     * Sets the ssh public key of an active claim (already checked), with its event and the
     * notification that wakes the machine's poll; empty when the claim has ended meanwhile.
     */
    public Optional<Claim> replaceSshKey(long claimId, String publicKey) {
        return jdbc.sql("""
                WITH updated AS (
                    UPDATE claims SET ssh_public_key = :key WHERE id = :id AND released_at IS NULL
                    RETURNING id, email, machine_id
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, message)
                    SELECT 'participant:' || email, machine_id, 'SSH_KEY', email || ' gave an ssh public key for the machine'
                      FROM updated
                )
                SELECT machine_id, %s FROM updated
                """.formatted(MachineTransitions.notify("machine_id")))
                .param("id", claimId)
                .param("key", publicKey)
                .query((rs, n) -> rs.getLong("machine_id"))
                .optional()
                .flatMap(machineId -> activeClaimById(claimId));
    }

    private Optional<Claim> activeClaimById(long claimId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.id = :id AND c.released_at IS NULL
                """)
                .param("id", claimId)
                .query(ROW)
                .optional();
    }

    /** The claim behind a seat page, active or released. */
    public Optional<Claim> findByPageKey(String pageKey) {
        return jdbc.sql("SELECT " + COLUMNS + """
                  FROM claims c JOIN machines m ON m.id = c.machine_id
                 WHERE c.page_key = :key
                """)
                .param("key", pageKey)
                .query(ROW)
                .optional();
    }

    public SeatCounts seatCounts() {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE state IN ('PROVISIONING', 'BOOTING', 'READY', 'ASSIGNED', 'IN_USE', 'UNREACHABLE')) AS total,
                       count(*) FILTER (WHERE state = 'READY' AND %s) AS free,
                       count(*) FILTER (WHERE state IN ('ASSIGNED', 'IN_USE')
                                           OR state_before_unreachable IN ('ASSIGNED', 'IN_USE') AND state = 'UNREACHABLE') AS claimed,
                       count(*) FILTER (WHERE state IN ('PROVISIONING', 'BOOTING')) AS starting,
                       count(*) FILTER (WHERE state = 'READY' AND NOT %s) AS unhealthy
                  FROM machines
                """.formatted(OFFERED, OFFERED))
                .query((rs, n) -> new SeatCounts(rs.getInt("total"), rs.getInt("free"), rs.getInt("claimed"), rs.getInt("starting"),
                        rs.getInt("unhealthy")))
                .single();
    }
}
