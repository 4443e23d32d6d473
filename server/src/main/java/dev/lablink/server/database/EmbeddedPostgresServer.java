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
 * starts cleanly on the same data.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /**
     * The embedded library turns fsync and synchronous commit off (it is made for throwaway test
     * databases); the allocator's data must survive a power cut, so both are PostgreSQL's defaults again.
     */
    public static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopLeftoverPostmaster(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            DURABLE.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage()
                    + " (set db.url to use an external PostgreSQL instead)", e);
        }
    }

    public DatabaseCoordinates coordinates() {
        return new DatabaseCoordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
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
    public void close() throws IOException {
        postgres.close();
    }
}
