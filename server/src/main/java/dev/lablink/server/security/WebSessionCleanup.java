package dev.lablink.server.security;

import dev.lablink.server.background.TickingComponent;
import java.time.Duration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Deletes expired admin web sessions every minute, as Spring Session's own timer would
 * ({@code spring.session.jdbc.cleanup-cron=-} turns that off): as a background job of ours, a round
 * that meets an unreachable database is one line for the outage, not a stack trace a minute.
 */
@Component
class WebSessionCleanup extends TickingComponent {
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final JdbcIndexedSessionRepository sessions;

    WebSessionCleanup(JdbcIndexedSessionRepository sessions) {
        super("lablink-session-cleanup");
        this.sessions = sessions;
    }

    @Override
    protected void schedule() {
        every(PERIOD, sessions::cleanUpExpiredSessions);
    }
}
