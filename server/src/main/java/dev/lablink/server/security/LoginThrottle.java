package dev.lablink.server.security;

import dev.lablink.server.admins.AccountLockouts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing, keyed both by client address and by account name. An address gets
 * {@link #FREE_FAILURES} failed logins in a row for free; every further failure locks it out for
 * twice as long as the last one (1 s, 2 s, 4 s … up to {@link #LONGEST_WAIT}), and while locked
 * even the right password is refused. An account is locked the same way, but only after
 * {@link #ACCOUNT_FREE_FAILURES}: the address lock already slows one guesser, and the account lock
 * is there for guessing spread over many addresses. It gets more free failures (and the same short,
 * capped waits) so that a stranger cannot easily lock an admin out from everywhere. A successful
 * login clears both its address and its account.
 */
public final class LoginThrottle implements AccountLockouts {
    static final int FREE_FAILURES = 5;
    public static final int ACCOUNT_FREE_FAILURES = 10;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    /** Bounds memory under a spray of addresses or names: beyond this, entries with no lock in force are dropped. */
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    /** Which of the two locks refused a login. */
    public enum Scope { ADDRESS, ACCOUNT }

    public record Wait(Scope scope, Duration left) {
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAccount = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this address must still wait before it may try again; empty when it may try now. */
    public Optional<Duration> waitFor(String address) {
        return left(byAddress.get(address));
    }

    /** The longer of the address's and the account's wait ({@code account} may be null). */
    public Optional<Wait> waitFor(String address, String account) {
        Optional<Duration> forAddress = waitFor(address);
        Optional<Duration> forAccount = account == null ? Optional.empty() : left(byAccount.get(account));
        if (forAccount.isPresent() && (forAddress.isEmpty() || forAccount.get().compareTo(forAddress.get()) > 0)) {
            return Optional.of(new Wait(Scope.ACCOUNT, forAccount.get()));
        }
        return forAddress.map(left -> new Wait(Scope.ADDRESS, left));
    }

    public void failed(String address) {
        count(byAddress, address, FREE_FAILURES);
    }

    /** @return the locks this failure started (empty while failures are still free) */
    public java.util.List<Scope> failed(String address, String account) {
        java.util.List<Scope> locked = new java.util.ArrayList<>();
        if (address != null && count(byAddress, address, FREE_FAILURES)) {
            locked.add(Scope.ADDRESS);
        }
        if (account != null && count(byAccount, account, ACCOUNT_FREE_FAILURES)) {
            locked.add(Scope.ACCOUNT);
        }
        return locked;
    }

    public void succeeded(String address) {
        byAddress.remove(address);
    }

    public void succeeded(String address, String account) {
        if (address != null) {
            byAddress.remove(address);
        }
        if (account != null) {
            byAccount.remove(account);
        }
    }

    /** Forgets every failure (tests start clean with it). */
    public void clear() {
        byAddress.clear();
        byAccount.clear();
    }

    @Override
    public Lockout of(String username) {
        Failures failures = byAccount.get(username);
        if (failures == null) {
            return Lockout.NONE;
        }
        Instant until = failures.lockedUntil() != null && failures.lockedUntil().isAfter(clock.instant()) ? failures.lockedUntil() : null;
        return new Lockout(failures.count(), until);
    }

    private Optional<Duration> left(Failures failures) {
        if (failures == null || failures.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.lockedUntil());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    /** @return whether this failure locks the key */
    private boolean count(Map<String, Failures> map, String key, int free) {
        if (map.size() >= MAX_ADDRESSES) {
            Instant now = clock.instant();
            map.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(now));
        }
        Failures now = map.compute(key, (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            return new Failures(count, count <= free ? null : clock.instant().plus(lockout(count - free)));
        });
        return now.lockedUntil() != null;
    }

    /** The n-th lockout (from 1): FIRST_WAIT doubled n-1 times, at most LONGEST_WAIT. */
    static Duration lockout(int n) {
        int doublings = Math.min(n - 1, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
