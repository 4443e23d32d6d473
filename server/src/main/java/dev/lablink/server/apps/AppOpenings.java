package dev.lablink.server.apps;

import dev.lablink.server.events.EventRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code APP_OPENED} events: one when a person opens an app, not one per script, image or
 * WebSocket of the page. Opens by the same person of the same app within 5 minutes count as one.
 */
@Component
public class AppOpenings {
    static final Duration COALESCE = Duration.ofMinutes(5);
    private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();
    private final EventRepository events;
    private final Clock clock = Clock.systemUTC();

    public AppOpenings(EventRepository events) {
        this.events = events;
    }

    public void opened(String actor, long machineId, String machine, String app) {
        Instant now = clock.instant();
        String key = actor + "\n" + machineId + "\n" + app;
        Instant previous = lastRecorded.get(key);
        if (previous != null && previous.plus(COALESCE).isAfter(now)) {
            return;
        }
        if (previous == null ? lastRecorded.putIfAbsent(key, now) == null : lastRecorded.replace(key, previous, now)) {
            events.record(actor, machineId, "APP_OPENED", actor + " opened " + app + " on " + machine);
            lastRecorded.entrySet().removeIf(entry -> entry.getValue().plus(COALESCE).isBefore(now));
        }
    }
}
