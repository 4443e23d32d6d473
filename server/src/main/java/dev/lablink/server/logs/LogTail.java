package dev.lablink.server.logs;

import dev.lablink.server.background.TickingComponent;
import dev.lablink.server.database.ChannelListener;
import dev.lablink.server.live.FragmentRenderer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live tails of machine logs over server-sent events. New lines are announced on
 * {@link LogRepository#CHANNEL}; each open tail is sent, at most every {@link #COALESCE}, the lines
 * after the last one it has, so a reconnecting page picks up where it stopped.
 */
@Component
public class LogTail extends TickingComponent implements ChannelListener {
    static final Duration COALESCE = Duration.ofMillis(250);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    private static final Duration FIRST_PUSH_DELAY = Duration.ofMillis(200);
    private static final int MAX_LINES_PER_PUSH = 500;
    private static final Logger log = LoggerFactory.getLogger(LogTail.class);

    private final LogRepository logs;
    private final FragmentRenderer renderer;
    private final Map<Long, Set<Tail>> tails = new ConcurrentHashMap<>();
    private final Set<Long> changed = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public LogTail(LogRepository logs, FragmentRenderer renderer) {
        super("lablink-log-tail");
        this.logs = logs;
        this.renderer = renderer;
    }

    private static final class Tail {
        final SseEmitter emitter;
        /**
         * One push at a time per tail. A lock rather than {@code synchronized}: pushes run on virtual
         * threads and wait on the database and the network, and a monitor would pin their carrier (JDK 21).
         */
        final ReentrantLock pushing = new ReentrantLock();
        volatile long lastId;

        Tail(SseEmitter emitter, long lastId) {
            this.emitter = emitter;
            this.lastId = lastId;
        }
    }

    /** A stream of the machine's lines after {@code afterId}, as rendered {@code console/logs :: lines} events. */
    public SseEmitter follow(long machineId, long afterId) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Tail tail = new Tail(emitter, afterId);
        Set<Tail> set = tails.computeIfAbsent(machineId, id -> ConcurrentHashMap.newKeySet());
        Runnable forget = () -> set.remove(tail);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        // Joined a moment later: Spring may lose a send made while the emitter is still being set up.
        after(FIRST_PUSH_DELAY, () -> senders.submit(() -> {
            set.add(tail);
            push(machineId, tail);
        }));
        return emitter;
    }

    @Override
    public String channel() {
        return LogRepository.CHANNEL;
    }

    @Override
    public void notified(String payload) {
        try {
            changed.add(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            // not ours to understand; nothing to push
        }
    }

    @Override
    public void missed() {
        changed.addAll(tails.keySet());
    }

    private void pushChanged() {
        for (Long machineId : List.copyOf(changed)) {
            changed.remove(machineId);
            tails.getOrDefault(machineId, Set.of()).forEach(tail -> senders.submit(() -> push(machineId, tail)));
        }
    }

    private void push(long machineId, Tail tail) {
        tail.pushing.lock();
        try {
            List<LogLine> lines;
            do {
                lines = logs.page(machineId, tail.lastId, LogRepository.Filter.NONE, MAX_LINES_PER_PUSH);
                if (!lines.isEmpty()) {
                    tail.emitter.send(SseEmitter.event().name("lines").id(String.valueOf(lines.getLast().id()))
                            .data(renderer.render("console/logs", "lines", Map.of("lines", lines))));
                    tail.lastId = lines.getLast().id();
                }
            } while (lines.size() == MAX_LINES_PER_PUSH);
        } catch (IOException | IllegalStateException e) {
            tail.emitter.completeWithError(e); // the page went away
        } catch (DataAccessException e) {
            changed.add(machineId); // the database is away; the next tick tries again
        } catch (RuntimeException e) {
            log.warn("could not send log lines to a live tail: {}", e.toString());
            tail.emitter.completeWithError(e);
        } finally {
            tail.pushing.unlock();
        }
    }

    @Override
    protected void schedule() {
        every(COALESCE, this::pushChanged);
    }

    @Override
    protected void onStop() {
        tails.values().forEach(set -> set.forEach(tail -> tail.emitter.complete()));
        senders.shutdown();
    }
}
