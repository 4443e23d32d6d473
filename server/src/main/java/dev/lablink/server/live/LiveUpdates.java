package dev.lablink.server.live;

import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.allocation.SeatCounts;
import dev.lablink.server.background.TickingComponent;
import dev.lablink.server.machines.MachineChangeListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes "something changed" to open web pages over server-sent events. Changes are coalesced:
 * a burst of a hundred state changes costs each page one update, at most every
 * {@link #COALESCE}. Participants get the seat count itself; admins get a nudge and re-fetch the
 * fragment they show (which respects their filter); those fragments carry
 * {@code hx-sync="this:queue last"}, since htmx would otherwise drop a nudge that arrives while a
 * fetch is under way, and the page would miss the change. A page whose stream (re)opens refreshes
 * itself (lablink.js), and every stream is sent the current state on connecting and again with
 * each heartbeat, so a page never stays wrong, even after an allocator restart.
 */
@Component
public class LiveUpdates extends TickingComponent implements MachineChangeListener {
    static final Duration COALESCE = Duration.ofMillis(250);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);
    private static final long RECONNECT_MILLIS = 1000;
    private static final Duration FIRST_SEND_DELAY = Duration.ofMillis(200);
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

    public LiveUpdates(ClaimRepository claims, SeatFragments fragments) {
        super("lablink-live-updates");
        this.claims = claims;
        this.fragments = fragments;
    }

    public SseEmitter subscribe(Audience audience) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Set<SseEmitter> set = streams.get(audience);
        emitter.onCompletion(() -> set.remove(emitter));
        emitter.onTimeout(() -> set.remove(emitter));
        emitter.onError(e -> set.remove(emitter));
        // Joined a moment later: Spring may lose a send made while the emitter is still being set
        // up, so neither the first state nor a broadcast may reach it before then.
        after(FIRST_SEND_DELAY, () -> senders.submit(() -> {
            set.add(emitter);
            send(emitter, eventsFor(audience), true);
        }));
        return emitter;
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

    private Map<String, String> eventsFor(Audience audience) {
        return audience == Audience.PARTICIPANTS ? participantEvents(claims.seatCounts()) : ADMIN_EVENTS;
    }

    private Map<String, String> participantEvents(SeatCounts counts) {
        return Map.of("seats", fragments.seatCount(counts), "seat-notice", fragments.seatNotice(counts),
                "seat-heading", fragments.seatHeading(counts));
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

    /**
     * Every {@link #HEARTBEAT} each stream gets the current state again: it keeps the connection
     * alive, finds pages that went away, and heals a page that missed an update.
     */
    private void heartbeat() {
        try {
            for (Audience audience : Audience.values()) {
                if (!streams.get(audience).isEmpty()) {
                    Map<String, String> events = eventsFor(audience);
                    streams.get(audience).forEach(emitter -> senders.submit(() -> send(emitter, events, false)));
                }
            }
        } catch (RuntimeException e) {
            log.debug("heartbeat postponed: {}", e.getMessage());
        }
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
    protected void schedule() {
        every(COALESCE, this::broadcastIfChanged);
        every(HEARTBEAT, this::heartbeat);
    }

    /** Ends every stream so that shutdown does not wait for them; the pages reconnect to the next allocator. */
    @Override
    protected void onStop() {
        streams.values().forEach(set -> set.forEach(SseEmitter::complete));
        senders.shutdown();
    }
}
