package dev.lablink.server.live;

import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.allocation.SeatCounts;
import dev.lablink.server.machines.MachineChangeListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes "something changed" to open web pages over server-sent events. Changes are coalesced:
 * a burst of a hundred state changes costs each page one update, at most every
 * {@link #COALESCE} . Participants get the seat count itself; admins get a nudge and re-fetch the
 * fragment they show (which respects their filter). A page whose stream drops (say the allocator
 * restarted) reconnects by itself and is sent the current state at once.
 */
@Component
public class LiveUpdates implements MachineChangeListener, SmartLifecycle {
    static final Duration COALESCE = Duration.ofMillis(250);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);
    private static final long RECONNECT_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    /** Who a stream is for, which decides what it is sent. */
    public enum Audience { PARTICIPANTS, ADMINS }

    private final Map<Audience, Set<SseEmitter>> streams = Map.of(
            Audience.PARTICIPANTS, ConcurrentHashMap.newKeySet(),
            Audience.ADMINS, ConcurrentHashMap.newKeySet());
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ClaimRepository claims;
    private final SeatFragments fragments;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    public LiveUpdates(ClaimRepository claims, SeatFragments fragments) {
        this.claims = claims;
        this.fragments = fragments;
    }

    public SseEmitter subscribe(Audience audience) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Set<SseEmitter> set = streams.get(audience);
        set.add(emitter);
        emitter.onCompletion(() -> set.remove(emitter));
        emitter.onTimeout(() -> set.remove(emitter));
        emitter.onError(e -> set.remove(emitter));
        Map<String, String> now = audience == Audience.PARTICIPANTS ? participantEvents(claims.seatCounts()) : ADMIN_EVENTS;
        senders.submit(() -> send(emitter, now, true));
        return emitter;
    }

    public int streamCount() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void machineChanged(long machineId) {
        dirty.set(true);
    }

    @Override
    public void changesMayHaveBeenMissed() {
        dirty.set(true);
    }

    private static final Map<String, String> ADMIN_EVENTS = Map.of("machines", "changed");

    private Map<String, String> participantEvents(SeatCounts counts) {
        return Map.of("seats", fragments.seatCount(counts), "seat-notice", fragments.seatNotice(counts));
    }

    private void broadcastIfChanged() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            if (!streams.get(Audience.PARTICIPANTS).isEmpty()) {
                Map<String, String> events = participantEvents(claims.seatCounts());
                streams.get(Audience.PARTICIPANTS).forEach(emitter -> senders.submit(() -> send(emitter, events, false)));
            }
            streams.get(Audience.ADMINS).forEach(emitter -> senders.submit(() -> send(emitter, ADMIN_EVENTS, false)));
        } catch (RuntimeException e) {
            dirty.set(true); // the database is away; try again on the next tick
            log.debug("live update postponed: {}", e.getMessage());
        }
    }

    private void heartbeat() {
        streams.values().forEach(set -> set.forEach(emitter -> senders.submit(() -> {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        })));
    }

    private static void send(SseEmitter emitter, Map<String, String> events, boolean first) {
        try {
            for (var event : events.entrySet()) {
                SseEmitter.SseEventBuilder builder = SseEmitter.event().name(event.getKey()).data(event.getValue());
                emitter.send(first ? builder.reconnectTime(RECONNECT_MILLIS) : builder);
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e); // the page went away; onError forgets it
        }
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lablink-live-updates").factory());
        ticker.scheduleWithFixedDelay(this::broadcastIfChanged, COALESCE.toMillis(), COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        running = true;
    }

    /** Ends every stream so that shutdown does not wait for them; the pages reconnect to the next allocator. */
    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        streams.values().forEach(set -> set.forEach(SseEmitter::complete));
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
