package dev.lablink.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Asks the database every second whether it answers, on a connection of its own (the pool may be
 * exhausted by the very requests that wait for it). The embedded PostgreSQL is this allocator's:
 * when its postmaster is gone, it is started again on the same data dir and port, so the pool,
 * the LISTEN connection, agents and pages reconnect by themselves. An external one is waited for.
 */
@Component
class DatabaseWatch implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final DatabaseCoordinates coordinates;
    private final EmbeddedPostgresServer embedded;
    private final DatabaseState state;
    private ScheduledExecutorService ticker;
    private Connection probe;
    private boolean restartFailureLogged;
    private volatile boolean running;

    DatabaseWatch(DatabaseCoordinates coordinates, DatabaseConfiguration.EmbeddedDatabaseHolder embedded, DatabaseState state) {
        this.coordinates = coordinates;
        this.embedded = embedded.server();
        this.state = state;
    }

    private void check() {
        try {
            if (probe == null || !probe.isValid((int) PROBE_TIMEOUT.toSeconds())) {
                closeProbe();
                probe = coordinates.open(PROBE_TIMEOUT);
            }
            restartFailureLogged = false;
            state.reachable();
        } catch (SQLException | RuntimeException e) {
            closeProbe();
            state.unreachable(e);
            if (embedded != null && !embedded.isRunning()) {
                restartEmbedded();
            }
        }
    }

    private void restartEmbedded() {
        try {
            embedded.restart();
            state.restarted(embedded.port());
        } catch (RuntimeException e) {
            // Its backends may outlive a killed postmaster for a moment, holding its shared memory.
            if (!restartFailureLogged) {
                log.warn("could not restart the embedded PostgreSQL yet ({}); trying again every second", DatabaseFailures.describe(e));
                restartFailureLogged = true;
            }
        }
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException e) {
                // already gone
            }
            probe = null;
        }
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lablink-db-watch").factory());
        ticker.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProbe();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
