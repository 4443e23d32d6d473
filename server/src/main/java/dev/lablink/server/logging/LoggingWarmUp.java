package dev.lablink.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Formats one event of each level, with and without a stack trace, through every appender's
 * encoder, and throws the bytes away. The first WARN of a run then loads no class: class loading
 * holds locks that a burst of virtual threads, logging at the same moment, would queue on.
 */
public final class LoggingWarmUp {
    private LoggingWarmUp() {
    }

    public static void run() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend: nothing of logback's to load
        }
        Logger logger = context.getLogger(LoggingWarmUp.class);
        for (Logger each : List.of(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))) {
            for (Iterator<Appender<ILoggingEvent>> appenders = each.iteratorForAppenders(); appenders.hasNext(); ) {
                if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender && appender.getEncoder() != null) {
                    for (Level level : List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG)) {
                        appender.getEncoder().encode(event(logger, level, null));
                        appender.getEncoder().encode(event(logger, level, new IllegalStateException("warm-up")));
                    }
                }
            }
        }
    }

    private static LoggingEvent event(Logger logger, Level level, Throwable throwable) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, "warm-up {} of {}", throwable, new Object[] {1, "two"});
        event.getCallerData();
        return event;
    }
}
