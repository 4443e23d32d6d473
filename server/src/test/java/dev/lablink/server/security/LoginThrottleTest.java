package dev.lablink.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lockout rule itself, on a clock the test moves. */
class LoginThrottleTest {
    private Instant now = Instant.parse("2026-12-02T09:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        public ZoneOffset getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId zone) { return this; }
        public Instant instant() { return now; }
    });

    @Test
    void fiveFailuresAreFreeThenEachFurtherOneDoublesTheWait() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.waitFor("10.0.0.1")).isEmpty();

        throttle.failed("10.0.0.1");
        assertThat(throttle.waitFor("10.0.0.1")).contains(Duration.ofSeconds(1));
        now = now.plusSeconds(1);
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitFor("10.0.0.1")).contains(Duration.ofSeconds(2));
        assertThat(throttle.waitFor("10.0.0.2")).as("another address is not affected").isEmpty();
    }

    @Test
    void theWaitIsCappedAndASuccessClearsIt() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.waitFor("10.0.0.1")).contains(LoginThrottle.LONGEST_WAIT);

        throttle.succeeded("10.0.0.1");

        assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
    }
}
