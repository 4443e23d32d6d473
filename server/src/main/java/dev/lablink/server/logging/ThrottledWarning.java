package dev.lablink.server.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that a burst of requests may each want to log (the allocator is busy, say): at most
 * one line per interval, which counts the ones left out. Thousands of request threads then do not
 * queue on the log's lock, which the background jobs' threads need too.
 */
public final class ThrottledWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger leftOut = new AtomicInteger();

    public ThrottledWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} (one argument, SLF4J style) unless a line went out less than an interval ago. */
    public void warn(String message, Object argument) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            leftOut.incrementAndGet();
            return;
        }
        // The very first line has no "last line": calls that lost the race for it count toward the next.
        int more = allowed == Long.MIN_VALUE ? 0 : leftOut.getAndSet(0);
        if (more == 0) {
            log.warn(message, argument);
        } else {
            log.warn(message + " (and {} more like it since the last line)", argument, more);
        }
    }
}
