package dev.lablink.server.apps;

import dev.lablink.server.background.TickingComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bytes through the app proxy per machine, counted in memory (a counter per chunk costs nothing)
 * and added to {@code machines.traffic_bytes} / {@code last_traffic_at} every 30 s, for the idle
 * check. A crash loses at most the last 30 s of counts.
 */
@Component
public class MachineTraffic extends TickingComponent {
    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final Clock clock;

    private static final class Pending {
        final AtomicLong bytes = new AtomicLong();
        volatile Instant last;
    }

    public MachineTraffic(JdbcClient jdbc) {
        super("lablink-app-traffic");
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    public void add(long machineId, long bytes) {
        if (bytes <= 0) {
            return;
        }
        Pending counts = pending.computeIfAbsent(machineId, id -> new Pending());
        counts.bytes.addAndGet(bytes);
        counts.last = clock.instant();
    }

    @Override
    protected void schedule() {
        every(FLUSH_EVERY, this::flush);
    }

    @Override
    protected void onStop() {
        try {
            flush();
        } catch (RuntimeException ignored) {
            // the database may already be gone at shutdown
        }
    }

    /** Writes what was counted since the last flush. */
    public void flush() {
        pending.forEach((machineId, counts) -> {
            long bytes = counts.bytes.getAndSet(0);
            Instant last = counts.last;
            if (bytes == 0) {
                pending.remove(machineId, counts);
                return;
            }
            jdbc.sql("UPDATE machines SET traffic_bytes = traffic_bytes + :bytes, "
                            + "last_traffic_at = GREATEST(COALESCE(last_traffic_at, :last), :last) WHERE id = :id")
                    .param("bytes", bytes).param("last", java.sql.Timestamp.from(last)).param("id", machineId).update();
        });
    }
}
