package dev.lablink.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, so that a room of agents does not reconnect in lockstep
 * after an allocator restart. Kept here (a dozen lines) rather than pulling a retry library into
 * the agent, which must stay a small jar.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    Duration next() {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(failures, 20));
        failures++;
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(initialMillis / 2, Math.max(initialMillis, ceiling) + 1));
    }

    void reset() {
        failures = 0;
    }
}
