package dev.lablink.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One LISTEN connection for the whole process, on every channel a {@link ChannelListener} asks
 * for, so that a change made by any allocator on the same database (a claim, a state change, new
 * log lines) reaches this one's parked long polls and live pages. After a lost connection every
 * listener is told that notifications may have been missed.
 */
@Component
public class DatabaseNotifications implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);

    private final DatabaseCoordinates database;
    private final DatabaseState state;
    private final Map<String, List<ChannelListener>> listeners;
    private volatile boolean running;
    private Thread thread;

    public DatabaseNotifications(DatabaseCoordinates database, DatabaseState state, List<ChannelListener> listeners) {
        this.database = database;
        this.state = state;
        this.listeners = listeners.stream().collect(Collectors.groupingBy(ChannelListener::channel));
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
                for (String channel : listeners.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                listeners.values().forEach(list -> list.forEach(ChannelListener::missed));
                pause = 200;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        tell(notification.getName(), notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (running && DatabaseFailures.isUnreachable(e)) {
                    state.unreachable(e); // one line for the outage, however often this reconnects
                    sleep(pause);
                    pause = Math.min(pause * 2, 10_000);
                } else if (running) {
                    log.warn("lost the notification connection ({}); reconnecting in {} ms", e.getMessage(), pause);
                    sleep(pause);
                    pause = Math.min(pause * 2, 10_000);
                }
            }
        }
    }

    private void tell(String channel, String payload) {
        for (ChannelListener listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.notified(payload);
            } catch (RuntimeException e) {
                log.warn("a listener on {} failed on '{}': {}", channel, payload, e.getMessage());
            }
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
