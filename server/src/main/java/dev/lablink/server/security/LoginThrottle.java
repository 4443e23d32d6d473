package dev.lablink.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing. Each client address gets {@link #FREE_FAILURES} failed logins in a row
 * for free; every further failure locks that address out for twice as long as the last one (1 s,
 * 2 s, 4 s … up to {@link #LONGEST_WAIT}), and while locked even the right password is refused.
 * A successful login clears the address. Keyed by address rather than by account, so a stranger
 * guessing cannot lock the admin out from everywhere.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    /** Bounds memory under a spray of addresses: beyond this, entries with no lock in force are dropped. */
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this address must still wait before it may try again; empty when it may try now. */
    public Optional<Duration> waitFor(String address) {
        Failures failures = byAddress.get(address);
        if (failures == null || failures.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.lockedUntil());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    public void failed(String address) {
        if (byAddress.size() >= MAX_ADDRESSES) {
            Instant now = clock.instant();
            byAddress.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(now));
        }
        byAddress.compute(address, (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            return new Failures(count, count <= FREE_FAILURES ? null : clock.instant().plus(lockout(count - FREE_FAILURES)));
        });
    }

    public void succeeded(String address) {
        byAddress.remove(address);
    }

    /** The n-th lockout (from 1): FIRST_WAIT doubled n-1 times, at most LONGEST_WAIT. */
    static Duration lockout(int n) {
        int doublings = Math.min(n - 1, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
