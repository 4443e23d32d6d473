package dev.lablink.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A burst of refused requests is one line in the log, not one per request. */
class ThrottledWarningTest {

    @Test
    void aBurstOfTheSameWarningIsOneLineAndTheNextLineCountsTheRest() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("throttled-warning-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        ThrottledWarning warning = new ThrottledWarning(logger, Duration.ofMillis(500));

        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5000; i++) {
                requests.submit(() -> warning.warn("request refused, allocator busy: {}", "pool exhausted"));
            }
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.getFirst().getFormattedMessage()).isEqualTo("request refused, allocator busy: pool exhausted");

        Thread.sleep(600);
        warning.warn("request refused, allocator busy: {}", "pool exhausted");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).isEqualTo(
                "request refused, allocator busy: pool exhausted (and 4999 more like it since the last line)");
        logger.detachAppender(lines);
    }
}
