package dev.lablink.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from the jar, its data kept under the data dir across restarts. A postmaster left
 * running by an allocator that was killed is stopped first, so a restart after {@code kill -9}
 * starts cleanly on the same data. One that dies under a running allocator is started again by
 * {@link DatabaseWatch} through {@link #restart()}, on the same port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /**
     * The embedded library turns fsync and synchronous commit off (it is made for throwaway test
     * databases); the allocator's data must survive a power cut, so both are PostgreSQL's defaults again.
     */
    public static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on");

    private final Path pgData;
    private final int port;
    private volatile EmbeddedPostgres postgres;
    private volatile long postmasterPid;

    private EmbeddedPostgresServer(Path pgData, EmbeddedPostgres postgres) {
        this.pgData = pgData;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.postmasterPid = postmasterPid(pgData);
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopLeftoverPostmaster(pgData);
            return new EmbeddedPostgresServer(pgData, launch(pgData, 0));
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage()
                    + " (set db.url to use an external PostgreSQL instead)", e);
        }
    }

    /** Starts PostgreSQL on the data; port 0: a free one. */
    private static EmbeddedPostgres launch(Path pgData, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        DURABLE.forEach(builder::setServerConfig);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    public DatabaseCoordinates coordinates() {
        return new DatabaseCoordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    public int port() {
        return port;
    }

    /** Whether the postmaster this allocator started is still alive (it may have been killed, or crashed). */
    public boolean isRunning() {
        return ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Starts PostgreSQL again on the same data and port after its postmaster died, so that every
     * connection string handed out stays right. Throws while it cannot start yet.
     */
    public synchronized void restart() {
        if (isRunning()) {
            return;
        }
        try {
            postgres.close(); // lets go of the library's lock on the data dir; stopping the dead server fails quietly
        } catch (IOException | RuntimeException e) {
            // the server was gone already
        }
        awaitOrphanedBackends();
        try {
            postgres = launch(pgData, port);
            postmasterPid = postmasterPid(pgData);
        } catch (IOException e) {
            throw new IllegalStateException("could not restart the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
        }
    }

    /**
     * A killed postmaster's backends notice within moments and exit; until they have, the shared
     * memory they hold makes a new postmaster refuse to start (and a failed start would leave the
     * library's lock on the data dir held). Backends run in the data directory, which tells them apart.
     */
    private void awaitOrphanedBackends() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (anyProcessIn(pgData) && Instant.now().isBefore(deadline)) {
            sleep();
        }
    }

    private static boolean anyProcessIn(Path dir) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return false; // not Linux: the start is simply tried, and tried again if it fails
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return false;
        }
        return ProcessHandle.allProcesses().anyMatch(process -> {
            try {
                return Files.readSymbolicLink(proc.resolve(String.valueOf(process.pid())).resolve("cwd")).equals(real);
            } catch (IOException | RuntimeException e) {
                return false; // gone meanwhile, or not ours to inspect
            }
        });
    }

    private static long postmasterPid(Path pgData) {
        try {
            return Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void stopLeftoverPostmaster(Path pgData) {
        leftoverPostmaster(pgData).ifPresent(process -> {
            log.warn("stopping PostgreSQL (pid {}) left running on {} by an earlier allocator", process.pid(), pgData);
            process.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old allocator
            Instant deadline = Instant.now().plusSeconds(20);
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                sleep();
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        });
    }

    private static Optional<ProcessHandle> leftoverPostmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            // The pid may have been reused since (say, by a backend of another PostgreSQL): only a
            // postmaster started on this very data directory may be stopped.
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .filter(p -> p.info().arguments().map(args -> java.util.Arrays.asList(args).contains(pgData.toString())).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        postgres.close();
    }
}
