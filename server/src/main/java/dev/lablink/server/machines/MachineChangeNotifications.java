package dev.lablink.server.machines;

import dev.lablink.server.database.DatabaseCoordinates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code lablink_machine_changed} channel with one connection for the
 * whole process, so that a change made by any allocator on the same database (a claim, a state
 * change, a new machine) reaches the listeners here: parked agent long polls and live web pages.
 * After a lost connection every listener is told that changes may have been missed.
 */
@Component
public class MachineChangeNotifications implements SmartLifecycle {
    /** The channel every machine-changing statement notifies, with the machine's id as payload. */
    public static final String CHANNEL = "lablink_machine_changed";
    private static final Logger log = LoggerFactory.getLogger(MachineChangeNotifications.class);

    private final DatabaseCoordinates database;
    private final List<MachineChangeListener> listeners;
    private volatile boolean running;
    private Thread thread;

    public MachineChangeNotifications(DatabaseCoordinates database, List<MachineChangeListener> listeners) {
        this.database = database;
        this.listeners = List.copyOf(listeners);
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
                listeners.forEach(MachineChangeListener::changesMayHaveBeenMissed);
                pause = 200;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        tell(notification.getParameter());
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

    private void tell(String machineId) {
        try {
            long id = Long.parseLong(machineId);
            listeners.forEach(listener -> listener.machineChanged(id));
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
