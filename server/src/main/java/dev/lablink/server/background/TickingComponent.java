package dev.lablink.server.background;

import dev.lablink.server.database.DatabaseFailures;
import dev.lablink.server.database.DatabaseState;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;

/**
 * A component with work on a timer, started and stopped with the application. Each has one daemon
 * thread; a round that throws is logged and the next round runs as planned, so one bad moment
 * (the database restarting, say) never ends the schedule. A round that failed because the database
 * is unreachable tells {@link DatabaseState}, which logs the outage once, instead of each round
 * of each job logging it again.
 */
public abstract class TickingComponent implements SmartLifecycle {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private ScheduledExecutorService ticker;
    private volatile boolean running;
    private DatabaseState database;

    protected TickingComponent(String threadName) {
        this.threadName = threadName;
    }

    @Autowired(required = false)
    final void setDatabaseState(DatabaseState database) {
        this.database = database;
    }

    /** Plans the recurring work with {@link #every}. */
    protected abstract void schedule();

    /** What else stopping means, besides the timer (closing streams, say). */
    protected void onStop() {
    }

    protected final void every(Duration period, Runnable task) {
        ticker.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    protected final void after(Duration delay, Runnable task) {
        ticker.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (database != null && DatabaseFailures.isUnreachable(e)) {
                    database.unreachable(e);
                    return;
                }
                log.warn("{} round failed, trying again next round: {}", threadName, e.getMessage());
            }
        };
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(threadName).factory());
        schedule();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        onStop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
