package dev.lablink.server.participant;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * New claims per client address ({@code participants.claims_per_minute}) in open mode, so a few
 * made-up emails from one browser cannot drain every free seat. A token bucket per address: the
 * full allowance at once, refilled evenly over a minute. At most {@link #MAX_ADDRESSES} addresses
 * are remembered (the least recently seen is forgotten first), so a flood of addresses cannot
 * exhaust memory; a forgotten address only gets a fresh allowance.
 */
class ClaimRateLimit {
    static final int MAX_ADDRESSES = 10_000;
    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final Clock clock;
    private final int perMinute;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    ClaimRateLimit(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    private static final class Bucket {
        double tokens;
        long atNanos;

        Bucket(double tokens, long atNanos) {
            this.tokens = tokens;
            this.atNanos = atNanos;
        }
    }

    /** Takes one claim from {@code address}'s allowance; empty when allowed, else the seconds until the next one. */
    synchronized OptionalLong take(String address) {
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(perMinute, now));
        double nanosPerToken = (double) MINUTE_NANOS / perMinute;
        bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.atNanos) / nanosPerToken);
        bucket.atNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        long waitNanos = (long) Math.ceil((1 - bucket.tokens) * nanosPerToken);
        return OptionalLong.of(Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
    }

    synchronized int addressesRemembered() {
        return buckets.size();
    }

    private long nanos() {
        java.time.Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
