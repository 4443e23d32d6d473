package dev.lablink.server.database;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, as last seen by {@link DatabaseWatch} or by any request or job
 * that failed to reach it. Each change is logged once, as one line, however many requests and
 * jobs notice it; meanwhile requests answer 503 instead of each logging a stack trace.
 */
@Component
public class DatabaseState {
    private static final Logger log = LoggerFactory.getLogger(DatabaseState.class);

    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile Instant reachableSince = Instant.now();

    public boolean isUnreachable() {
        return !reachable.get();
    }

    /** When the database last came back (or the allocator started): silence before it is nobody's fault. */
    public Instant reachableSince() {
        return reachableSince;
    }

    public void unreachable(Throwable failure) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("database unreachable: {}; answering 503 until it is back", DatabaseFailures.describe(failure));
        }
    }

    public void reachable() {
        back("database reachable again");
    }

    /** The embedded PostgreSQL was started again by this allocator. */
    public void restarted(int port) {
        back("database restarted (embedded PostgreSQL on port " + port + ")");
    }

    private void back(String message) {
        if (reachable.compareAndSet(false, true)) {
            reachableSince = Instant.now();
            log.info(message);
        }
    }
}
