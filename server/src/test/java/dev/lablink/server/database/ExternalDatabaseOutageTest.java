package dev.lablink.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lablink.core.config.ConfigLoader;
import dev.lablink.server.TestAllocator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An external PostgreSQL (db.url) goes away and comes back: meanwhile the allocator answers 503
 * with Retry-After, authenticated requests included (not 401), logs the outage in one line and
 * its end in another, and serves again by itself once the database is back.
 */
class ExternalDatabaseOutageTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path pgData;

    private EmbeddedPostgres database;
    private TestAllocator allocator;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(log);
        if (allocator != null) {
            allocator.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    private EmbeddedPostgres startDatabase(int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
    }

    private int pgPort;

    /** The database, then an allocator on it with this yaml added to its config. */
    private void start(String extraYaml) throws Exception {
        int port;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            pgPort = a.getLocalPort();
            port = b.getLocalPort();
        }
        database = startDatabase(pgPort);
        Path config = dataDir.resolve("lablink.yaml");
        Files.writeString(config, """
                data_dir: %s
                server:
                  port: %d
                app:
                  admin_password: %s
                db:
                  url: %s
                  user: postgres
                  password: postgres
                """.formatted(dataDir.resolve("data"), port, TestAllocator.ADMIN_PASSWORD, database.getJdbcUrl("postgres", "postgres")) + extraYaml);
        allocator = TestAllocator.start(new ConfigLoader().load(config, Map.of()), dataDir.resolve("data"));
    }

    /** Closes the database and waits until the allocator answers 503. */
    private void stopDatabase() throws Exception {
        database.close();
        database = null;
        await().atMost(Duration.ofSeconds(20)).until(() -> allocator.admin("GET", "/api/v1/vms", null).statusCode() == 503);
    }

    @Test
    void anExternalDatabaseThatGoesAwayMeans503UntilItIsBack() throws Exception {
        start("");
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(200);
        log.start();
        root.addAppender(log);

        stopDatabase();
        HttpResponse<String> api = allocator.admin("GET", "/api/v1/vms", null);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> page = allocator.anonymous("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(allocator.anonymous("GET", "/css/lablink.css", null).statusCode()).as("static files need no database").isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(503);
        }
        Thread.sleep(3000); // background jobs run a few rounds meanwhile

        database = startDatabase(pgPort);

        await().atMost(Duration.ofSeconds(20)).until(() -> allocator.admin("GET", "/api/v1/vms", null).statusCode() == 200);
        assertThat(allocator.anonymous("GET", "/", null).statusCode()).isEqualTo(200);
        List<String> warnings = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .peek(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull())
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).startsWith("database unreachable: ");
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage)).contains("database reachable again");
    }

    @Test
    void machinesAreNotCalledUnreachableForTheSilenceTheOutageCaused() throws Exception {
        start("""
                telemetry:
                  heartbeat_seconds: 4
                  missed_heartbeats: 2
                """);
        String token = allocator.insertReadyMachines(1).getFirst();
        assertThat(allocator.agent("POST", "/api/v1/agent/heartbeat", "{}", token).statusCode()).isEqualTo(200);

        stopDatabase();
        // longer than the 8 s of silence that make a machine UNREACHABLE, which leaves the allocator 8 s after
        // its database is back (a loaded machine takes several to reconnect) before the agent's next beat is late
        Thread.sleep(10_000);
        database = startDatabase(pgPort);
        await().atMost(Duration.ofSeconds(20)).until(() -> allocator.admin("GET", "/api/v1/vms", null).statusCode() == 200);
        Thread.sleep(1500); // the watchdog has run since (every 1.3 s)

        assertThat(allocator.jdbc.sql("SELECT state FROM machines").query(String.class).list())
                .as("the machine, neither UNREACHABLE nor replaced by recovery").containsExactly("READY");
        assertThat(allocator.agent("POST", "/api/v1/agent/heartbeat", "{}", token).statusCode()).isEqualTo(200);
    }
}
