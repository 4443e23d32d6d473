package dev.lablink.core.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every line logged anywhere (the root logger, at DEBUG) while it is open, with the messages of
 * any exception logged with it: a test proves with it that no secret reaches a log.
 */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level levelBefore = root.getLevel();

    private LogCapture() {
        root.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<String> lines() {
        return lines(List.of());
    }

    /** The lines, leaving out those of loggers under {@code ignoredLoggers} (a test's fake backend, which is not ours). */
    public List<String> lines(List<String> ignoredLoggers) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            if (ignoredLoggers.stream().anyMatch(event.getLoggerName()::startsWith)) {
                continue;
            }
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                lines.add(cause.getClassName() + ": " + cause.getMessage());
            }
        }
        return lines;
    }

    public void assertNoLineContains(List<String> secrets) {
        assertNoLineContains(secrets, List.of());
    }

    public void assertNoLineContains(List<String> secrets, List<String> ignoredLoggers) {
        assertThat(lines(ignoredLoggers)).as("log lines").noneMatch(line -> line != null && secrets.stream().anyMatch(line::contains));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(levelBefore);
    }
}
