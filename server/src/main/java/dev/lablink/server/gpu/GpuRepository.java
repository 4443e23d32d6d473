package dev.lablink.server.gpu;

import dev.lablink.server.machines.MachineChangeChannel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for GPU samples (raw for a day, then 5-minute summaries) and each machine's GPU health. */
@Repository
public class GpuRepository {
    private final JdbcClient jdbc;

    public GpuRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(long machineId, Instant at, List<GpuReading.Gpu> gpus) {
        for (GpuReading.Gpu gpu : gpus) {
            jdbc.sql("""
                    INSERT INTO gpu_samples (machine_id, at, gpu_index, name, uuid, utilization_gpu, utilization_memory,
                                             memory_used_mib, memory_total_mib, temperature_c, power_w, ecc_uncorrected, throttle_reasons)
                    VALUES (:machine, :at, :index, :name, :uuid, :ug, :um, :mu, :mt, :t, :p, :ecc, :throttle)
                    """)
                    .param("machine", machineId).param("at", Timestamp.from(at)).param("index", gpu.index())
                    .param("name", gpu.name()).param("uuid", gpu.uuid())
                    .param("ug", gpu.utilizationGpu()).param("um", gpu.utilizationMemory())
                    .param("mu", gpu.memoryUsedMib()).param("mt", gpu.memoryTotalMib())
                    .param("t", gpu.temperatureC()).param("p", gpu.powerW())
                    .param("ecc", gpu.eccUncorrected()).param("throttle", gpu.throttleReasons())
                    .update();
        }
    }

    /** What the machine's GPUs were judged before this reading. */
    public record Previous(GpuHealth health, Integer count) {
    }

    public Previous previous(long machineId) {
        return jdbc.sql("SELECT gpu_health, gpu_count FROM machines WHERE id = :id")
                .param("id", machineId)
                .query((rs, n) -> new Previous(rs.getString("gpu_health") == null ? null : GpuHealth.valueOf(rs.getString("gpu_health")),
                        (Integer) rs.getObject("gpu_count", Integer.class)))
                .single();
    }

    /** Records the verdict; when the health changed, also the event and the notification that updates the console. */
    public void recordHealth(long machineId, GpuHealth.Verdict verdict, int count, boolean changed) {
        jdbc.sql("""
                WITH updated AS (
                    UPDATE machines SET gpu_health = :health, gpu_health_reason = :reason,
                                        gpu_count = GREATEST(COALESCE(gpu_count, 0), :count)
                     WHERE id = :id RETURNING id
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, message)
                    SELECT 'system:gpu', id, 'GPU_HEALTH', :health || ': ' || :reason FROM updated WHERE :changed
                )
                SELECT CASE WHEN :changed THEN pg_notify('%s', CAST(:id AS text)) END FROM updated
                """.formatted(MachineChangeChannel.CHANNEL))
                .param("id", machineId)
                .param("health", verdict.health().name())
                .param("reason", verdict.reason())
                .param("count", count)
                .param("changed", changed)
                .query().singleRow();
    }

    /** The newest sample of every GPU of every live machine: what Prometheus is shown. */
    public record Latest(String machine, int gpu, Double utilizationGpu, Double memoryUsedMib, Double memoryTotalMib,
                         Double temperatureC, Double powerW, Long eccUncorrected) {
    }

    public List<Latest> latest() {
        return jdbc.sql("""
                SELECT DISTINCT ON (s.machine_id, s.gpu_index) m.name, s.gpu_index, s.utilization_gpu, s.memory_used_mib,
                       s.memory_total_mib, s.temperature_c, s.power_w, s.ecc_uncorrected
                  FROM gpu_samples s JOIN machines m ON m.id = s.machine_id
                 WHERE m.state <> 'TERMINATED' AND s.at > now() - interval '10 minutes'
                 ORDER BY s.machine_id, s.gpu_index, s.at DESC
                """)
                .query((rs, n) -> new Latest(rs.getString("name"), rs.getInt("gpu_index"), number(rs, "utilization_gpu"),
                        number(rs, "memory_used_mib"), number(rs, "memory_total_mib"), number(rs, "temperature_c"),
                        number(rs, "power_w"), (Long) rs.getObject("ecc_uncorrected", Long.class)))
                .list();
    }

    /** One point of a machine's chart: averages over its GPUs. */
    public record Point(Instant at, Double utilizationGpu, Double memoryUsedPercent, Double temperatureC) {
    }

    /** The machine's series since {@code since}: raw samples for the last day, 5-minute summaries before. */
    public List<Point> series(long machineId, Instant since) {
        return jdbc.sql("""
                SELECT at, avg(utilization_gpu) AS ug, avg(100 * memory_used_mib / NULLIF(memory_total_mib, 0)) AS mem,
                       avg(temperature_c) AS t
                  FROM (SELECT at, utilization_gpu, memory_used_mib, memory_total_mib, temperature_c FROM gpu_samples
                         WHERE machine_id = :machine AND at >= :since
                        UNION ALL
                        SELECT bucket, utilization_gpu, memory_used_mib, memory_total_mib, temperature_c FROM gpu_samples_5m
                         WHERE machine_id = :machine AND bucket >= :since) s
                 GROUP BY at ORDER BY at
                """)
                .param("machine", machineId)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Point(rs.getTimestamp("at").toInstant(), number(rs, "ug"), number(rs, "mem"), number(rs, "t")))
                .list();
    }

    /** Summarises raw samples older than {@code cutoff} into 5-minute rows and deletes them; returns how many went. */
    public int downsampleOlderThan(Instant cutoff) {
        return jdbc.sql("""
                WITH old AS (
                    DELETE FROM gpu_samples WHERE at < :cutoff RETURNING *
                ), summarised AS (
                    INSERT INTO gpu_samples_5m (machine_id, bucket, gpu_index, samples, utilization_gpu, utilization_memory,
                                                memory_used_mib, memory_total_mib, temperature_c, max_temperature_c, power_w, ecc_uncorrected)
                    SELECT machine_id, date_bin('5 minutes', at, TIMESTAMPTZ '2000-01-01'), gpu_index, count(*),
                           avg(utilization_gpu), avg(utilization_memory), avg(memory_used_mib), max(memory_total_mib),
                           avg(temperature_c), max(temperature_c), avg(power_w), max(ecc_uncorrected)
                      FROM old GROUP BY 1, 2, 3
                    ON CONFLICT (machine_id, bucket, gpu_index) DO UPDATE
                       SET samples = gpu_samples_5m.samples + EXCLUDED.samples,
                           max_temperature_c = GREATEST(gpu_samples_5m.max_temperature_c, EXCLUDED.max_temperature_c),
                           ecc_uncorrected = GREATEST(gpu_samples_5m.ecc_uncorrected, EXCLUDED.ecc_uncorrected)
                    RETURNING 1
                )
                SELECT count(*) FROM old
                """)
                .param("cutoff", Timestamp.from(cutoff))
                .query(Integer.class)
                .single();
    }

    public int deleteSummariesOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM gpu_samples_5m WHERE bucket < :cutoff").param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static Double number(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
