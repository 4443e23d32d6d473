package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClaimRateLimitTest {
    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    @Test
    void theAllowanceRefillsOverAMinute() {
        ClaimRateLimit limit = new ClaimRateLimit(Clock.fixed(NOW, ZoneOffset.UTC), 2);
        assertThat(limit.take("10.0.0.1")).isEmpty();
        assertThat(limit.take("10.0.0.1")).isEmpty();
        assertThat(limit.take("10.0.0.1")).hasValue(30);
        assertThat(limit.take("10.0.0.2")).as("another address has its own").isEmpty();
    }

    @Test
    void halfAMinuteLaterOneMoreClaimIsAllowed() {
        MovableClock clock = new MovableClock();
        ClaimRateLimit limit = new ClaimRateLimit(clock, 2);
        limit.take("10.0.0.1");
        limit.take("10.0.0.1");
        assertThat(limit.take("10.0.0.1")).isPresent();

        clock.now = NOW.plus(Duration.ofSeconds(30));

        assertThat(limit.take("10.0.0.1")).isEmpty();
        assertThat(limit.take("10.0.0.1")).isPresent();
    }

    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aFloodOfAddressesIsForgottenBeyondTheBound() {
        ClaimRateLimit limit = new ClaimRateLimit(Clock.fixed(NOW, ZoneOffset.UTC), 30);
        for (int i = 0; i < ClaimRateLimit.MAX_ADDRESSES + 500; i++) {
            limit.take("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(limit.addressesRemembered()).isEqualTo(ClaimRateLimit.MAX_ADDRESSES);
    }
}
