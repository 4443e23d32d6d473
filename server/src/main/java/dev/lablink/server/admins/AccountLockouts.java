package dev.lablink.server.admins;

import java.time.Instant;

/** The login throttle's view of one account, for the admins list (the throttle lives with the web security). */
public interface AccountLockouts {
    record Lockout(int failedLogins, Instant lockedUntil) {
        public static final Lockout NONE = new Lockout(0, null);
    }

    Lockout of(String username);
}
