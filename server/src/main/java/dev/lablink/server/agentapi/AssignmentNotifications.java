package dev.lablink.server.agentapi;

import dev.lablink.server.database.DatabaseCoordinates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code lablink_assignment} channel with one connection for the whole
 * process, so that a claim made by any allocator on the same database wakes the waiters parked
 * here. After a lost connection it wakes everyone to re-check, so nothing is missed.
 */
@Component
public class AssignmentNotifications implements SmartLifecycle {
    public static final String CHANNEL = "lablink_assignment";
    private static final Logger log = LoggerFactory.getLogger(AssignmentNotifications.class);

    private final DatabaseCoordinates database;
    private final AssignmentWaiters waiters;
    private volatile boolean running;
    private Thread thread;

    public AssignmentNotifications(DatabaseCoordinates database, AssignmentWaiters waiters) {
        this.database = database;
        this.waiters = waiters;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("lablink-notify-listener").start(this::listenForever);
    }

    private void listenForever() {
        long pause = 200;
        while (running) {
            try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                waiters.wakeAll();
                pause = 200;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        wake(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("lost the notification connection ({}); reconnecting in {} ms", e.getMessage(), pause);
                    sleep(pause);
                    pause = Math.min(pause * 2, 10_000);
                }
            }
        }
    }

    private void wake(String machineId) {
        try {
            waiters.wake(Long.parseLong(machineId));
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed notification on {}: {}", CHANNEL, machineId);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
