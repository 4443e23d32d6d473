package dev.lablink.server.machines;

import dev.lablink.core.machine.MachineState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for the machines table. Every state change is written by {@link MachineTransitions} (here in
 * {@link #transition} and {@link #returnFromUnreachable}; claims and the watchdog compose it into
 * their own statements), which also writes the event and the notification.
 */
@Repository
public class MachineRepository {
    static final String COLUMNS = "m.id, m.name, m.provider, m.provider_id, m.machine_type, m.region, m.state, m.state_reason, "
            + "m.assigned_email, m.created_at, m.state_changed_at, m.state_times::text AS state_times, m.last_seen_at, m.batch_id, "
            + "m.agent_started_at, m.state_before_unreachable, m.gpu_health, m.gpu_health_reason, m.address, m.price_cents_per_hour, m.image";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<MachineState> RELEASES_SEAT = EnumSet.of(MachineState.FAILED, MachineState.TERMINATING, MachineState.TERMINATED);

    private final JdbcClient jdbc;

    public MachineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static final RowMapper<Machine> ROW = MachineRepository::map;

    /** A number for a new batch: the machines one create request asks for. */
    public long nextBatchId() {
        return jdbc.sql("SELECT nextval('batch_number_seq')").query(Long.class).single();
    }

    /** Inserts a machine in PROVISIONING with a generated name, running {@code image} (null: session.image as config gives it); returns it. */
    public Machine insertProvisioning(long batchId, String provider, String machineType, String region, String image, String tokenHash, String actor) {
        return jdbc.sql("""
                WITH inserted AS (
                    INSERT INTO machines (name, provider, machine_type, region, state, token_hash, state_times, batch_id, image)
                    VALUES ('lablink-vm-' || nextval('machine_number_seq'), :provider, :type, :region, 'PROVISIONING',
                            :tokenHash, jsonb_build_object('PROVISIONING', now()), :batch, :image)
                    RETURNING *
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, to_state, message)
                    SELECT :actor, id, 'CREATED', 'PROVISIONING', 'requested from provider ' || provider FROM inserted
                )
                SELECT %s, pg_notify('%s', m.id::text) FROM inserted m
                """.formatted(COLUMNS, MachineChangeChannel.CHANNEL))
                .param("batch", batchId)
                .param("provider", provider)
                .param("type", machineType)
                .param("region", region)
                .param("image", image)
                .param("tokenHash", tokenHash)
                .param("actor", actor)
                .query(ROW)
                .single();
    }

    /**
     * Moves a machine to {@code to} if its current state allows it, in one statement that also
     * releases a seat the move ends, writes the event and wakes the machine's long poll.
     *
     * @return the state it left, or empty when the move was not allowed
     */
    public Optional<MachineState> transition(long id, MachineState to, String reason, String actor) {
        return jdbc.sql("WITH current_row AS (SELECT id, state FROM machines WHERE id = :id FOR UPDATE), "
                        + MachineTransitions.move("current_row", MachineTransitions.Target.state(to),
                                "state_reason = :reason, state_before_unreachable = NULL,", ":actor", ":reason")
                        + """
                        , released AS (
                            UPDATE claims SET released_at = now(), release_reason = :reason
                             WHERE :releases AND released_at IS NULL AND machine_id IN (SELECT id FROM moved)
                        )
                        SELECT previous, %s FROM moved
                        """.formatted(MachineTransitions.notify("id")))
                .param("id", id)
                .param("reason", reason)
                .param("releases", RELEASES_SEAT.contains(to))
                .param("actor", actor)
                .query((rs, n) -> MachineState.valueOf(rs.getString("previous")))
                .optional();
    }

    /** Returns an UNREACHABLE machine to the state it left; empty when it was not UNREACHABLE. */
    public Optional<MachineState> returnFromUnreachable(long id, String actor) {
        return jdbc.sql("""
                WITH back AS (
                    SELECT id, state, state_before_unreachable AS target FROM machines
                     WHERE id = :id AND state = 'UNREACHABLE' AND state_before_unreachable IS NOT NULL FOR UPDATE
                ),
                """ + MachineTransitions.move("back", MachineTransitions.Target.column("target", MachineState.WATCHED),
                        "state_before_unreachable = NULL, state_reason = :reason,", ":actor", ":reason")
                + "SELECT state, " + MachineTransitions.notify("id") + " FROM moved")
                .param("id", id)
                .param("actor", actor)
                .param("reason", "heard from its agent again")
                .query((rs, n) -> MachineState.valueOf(rs.getString("state")))
                .optional();
    }

    /**
     * Registers a machine that announced itself (a LabLink client image) as BOOTING; a name already
     * known changes nothing. Its token hash is random: such machines use the deployment's token.
     */
    public Optional<Machine> insertAnnounced(String name, String provider, String tokenHash, String actor) {
        return jdbc.sql("""
                WITH inserted AS (
                    INSERT INTO machines (name, provider, state, token_hash, state_times)
                    VALUES (:name, :provider, 'BOOTING', :tokenHash, jsonb_build_object('BOOTING', now()))
                    ON CONFLICT (name) DO NOTHING
                    RETURNING *
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, to_state, message)
                    SELECT :actor, id, 'CREATED', 'BOOTING', 'announced itself through the LabLink client protocol' FROM inserted
                )
                SELECT %s, pg_notify('%s', m.id::text) FROM inserted m
                """.formatted(COLUMNS, MachineChangeChannel.CHANNEL))
                .param("name", name)
                .param("provider", provider)
                .param("tokenHash", tokenHash)
                .param("actor", actor)
                .query(ROW)
                .optional();
    }

    /** Records the provider's id for a machine it has created, and its address where the provider gave one. */
    public void recordProviderId(long id, String providerId, String address) {
        jdbc.sql("UPDATE machines SET provider_id = :providerId, address = COALESCE(:address, address) WHERE id = :id")
                .param("id", id)
                .param("providerId", providerId)
                .param("address", address)
                .update();
    }

    /** Records where the placement walk is sending these machines (they may move again if that place has no capacity). */
    public void recordPlacement(List<Long> ids, String provider, String machineType, String region, Integer priceCentsPerHour) {
        jdbc.sql("""
                UPDATE machines SET provider = :provider, machine_type = :type, region = :region, price_cents_per_hour = :price
                WHERE id IN (:ids) AND state = 'PROVISIONING'
                """)
                .param("ids", ids)
                .param("provider", provider)
                .param("type", machineType)
                .param("region", region)
                .param("price", priceCentsPerHour)
                .update();
    }

    /** When the machine's agent process started, as the agent reports it: splits boot time from agent start-up. */
    public void recordAgentStart(long id, Instant startedAt) {
        jdbc.sql("UPDATE machines SET agent_started_at = :at WHERE id = :id")
                .param("id", id)
                .param("at", java.sql.Timestamp.from(startedAt))
                .update();
    }

    public void touch(long id, String agentVersion) {
        jdbc.sql("UPDATE machines SET last_seen_at = now(), agent_version = COALESCE(:version, agent_version) WHERE id = :id")
                .param("id", id)
                .param("version", agentVersion)
                .update();
    }

    public Optional<Machine> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.name = :name")
                .param("name", name)
                .query(ROW)
                .optional();
    }

    public Optional<Machine> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    /** The machine a live token belongs to; terminated machines' tokens no longer work. */
    public Optional<Machine> findByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.token_hash = :hash AND m.state <> 'TERMINATED'")
                .param("hash", tokenHash)
                .query(ROW)
                .optional();
    }

    /** Machines in the given states (all when empty), oldest first. */
    public List<Machine> list(Set<MachineState> states) {
        if (states.isEmpty()) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM machines m ORDER BY m.id").query(ROW).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.state IN (:states) ORDER BY m.id")
                .param("states", states.stream().map(Enum::name).toList())
                .query(ROW)
                .list();
    }

    public List<Machine> findByBatch(long batchId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.batch_id = :batch ORDER BY m.id")
                .param("batch", batchId)
                .query(ROW)
                .list();
    }

    /** How many machines are in each state (states with none are left out). */
    public Map<MachineState, Integer> countByState() {
        Map<MachineState, Integer> counts = new java.util.EnumMap<>(MachineState.class);
        jdbc.sql("SELECT state, count(*) AS n FROM machines GROUP BY state")
                .query(rs -> {
                    counts.put(MachineState.valueOf(rs.getString("state")), rs.getInt("n"));
                });
        return counts;
    }

    public List<Machine> findByIds(List<Long> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM machines m WHERE m.id IN (:ids) ORDER BY m.id")
                .param("ids", ids)
                .query(ROW)
                .list();
    }

    private static Machine map(ResultSet rs, int rowNum) throws SQLException {
        return new Machine(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("provider"),
                rs.getString("provider_id"),
                rs.getString("machine_type"),
                rs.getString("region"),
                MachineState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                rs.getString("assigned_email"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("state_changed_at")),
                stateTimes(rs.getString("state_times")),
                instant(rs.getTimestamp("last_seen_at")),
                rs.getObject("batch_id", Long.class),
                instant(rs.getTimestamp("agent_started_at")),
                rs.getString("state_before_unreachable") == null ? null : MachineState.valueOf(rs.getString("state_before_unreachable")),
                rs.getString("gpu_health"),
                rs.getString("gpu_health_reason"),
                rs.getString("address"),
                rs.getObject("price_cents_per_hour", Integer.class),
                rs.getString("image"));
    }

    private static Map<String, Instant> stateTimes(String json) {
        Map<String, String> raw = JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        Map<String, Instant> times = new LinkedHashMap<>();
        raw.forEach((state, at) -> times.put(state, java.time.OffsetDateTime.parse(at).toInstant()));
        return times;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
