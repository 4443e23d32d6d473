package dev.lablink.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's postmaster is killed while the allocator runs. The allocator notices,
 * answers 503 with Retry-After meanwhile (never 401 or 500, to the admin or to agents), starts it again on the same data and
 * port, and serves again by itself; the log says so in a line per change, not a stack trace per request.
 */
class EmbeddedDatabaseRestartTest {
    @TempDir
    Path dataDir;

    private TestAllocator allocator;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        allocator = TestAllocator.start(dataDir, 0);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        allocator.stop();
    }

    @Test
    void aKilledPostmasterIsRestartedAndRequestsAnswer503MeanwhileWithoutAStackTraceEach() throws Exception {
        String token = allocator.insertReadyMachines(2).getFirst();
        assertThat(allocator.agent("POST", "/api/v1/agent/heartbeat", "{}", token).statusCode()).isEqualTo(200);
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(200);
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());

        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().join());

        List<HttpResponse<String>> answers = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        HttpResponse<String> last;
        do {
            last = allocator.admin("GET", "/api/v1/vms", null);
            answers.add(last);
            answers.add(allocator.anonymous("GET", "/", null));
            answers.add(allocator.agent("POST", "/api/v1/agent/heartbeat", "{}", token)); // a 401 would tell the agent its machine is gone
            Thread.sleep(50);
        } while (last.statusCode() != 200 && Instant.now().isBefore(deadline));

        assertThat(last.statusCode()).as("the API serves again after the restart").isEqualTo(200);
        assertThat(last.body()).contains("seat-");
        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() != 200).toList();
        assertThat(refused).as("answers while the database was down").isNotEmpty()
                .allSatisfy(a -> {
                    assertThat(a.statusCode()).isEqualTo(503);
                    assertThat(a.headers().firstValue("Retry-After")).isPresent();
                });
        assertThat(refused.stream().filter(a -> a.uri().getPath().startsWith("/api/")))
                .allSatisfy(a -> assertThat(a.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.anonymous("GET", "/", null).statusCode() == 200);
        assertThat(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim())).isNotEqualTo(postmaster);

        List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(warnings).as("log lines while the database was down").noneMatch(e -> e.getThrowableProxy() != null);
        assertThat(warnings.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("database unreachable"))).hasSize(1);
        assertThat(warnings.size()).as("lines for %d requests", answers.size()).isLessThan(5);
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("database restarted"))).hasSize(1);
    }
}
