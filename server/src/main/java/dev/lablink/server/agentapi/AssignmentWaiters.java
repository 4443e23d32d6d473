package dev.lablink.server.agentapi;

import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.allocation.CrdSecrets;
import dev.lablink.server.machines.MachineChangeListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Agents' long polls, parked in memory: no thread and no database connection is held while an
 * agent waits. A waiter is registered before the database is checked, so an assignment made at
 * any moment is either seen by the check or wakes the waiter: no lost wake-up.
 */
@Component
public class AssignmentWaiters implements MachineChangeListener {
    private final ConcurrentHashMap<Long, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ClaimRepository claims;
    private final SessionCommand sessionCommand;
    private final CrdSecrets crd;

    public AssignmentWaiters(ClaimRepository claims, SessionCommand sessionCommand, CrdSecrets crd, MeterRegistry registry) {
        this.claims = claims;
        this.sessionCommand = sessionCommand;
        this.crd = crd;
        Gauge.builder("lablink.agents.waiting", this, AssignmentWaiters::waitingCount)
                .description("Agents long-polling this allocator for an assignment now")
                .register(registry);
    }

    /**
     * What a poller already has: its claim (null: none) and, when it says so, that claim's
     * revision, which changes when the participant re-submits a CRD code for the same seat.
     */
    public record Known(Long claimId, String revision) {
        public static final Known NOTHING = new Known(null, null);

        boolean isOutdatedBy(AssignmentView current) {
            return !Objects.equals(claimId, current.claimId()) || (revision != null && !revision.equals(current.revision()));
        }
    }

    private record Waiter(long machineId, Known known, DeferredResult<Object> result, Function<AssignmentView, ?> answer) {
    }

    /** Answers as soon as the machine's assignment differs from {@code known}; 204 when {@code wait} runs out. */
    public DeferredResult<ResponseEntity<AssignmentView>> await(long machineId, Known known, Duration wait) {
        return await(machineId, known, wait, ResponseEntity::ok, ResponseEntity.noContent().build());
    }

    /**
     * The same wait, answered in another shape (LabLink's client protocol): {@code answer} turns
     * the new assignment into the response, {@code onTimeout} is the response when nothing came.
     */
    @SuppressWarnings("unchecked")
    public <T> DeferredResult<T> await(long machineId, Known known, Duration wait, Function<AssignmentView, T> answer, T onTimeout) {
        if (wait.isZero()) {
            // A DeferredResult with timeout 0 would never time out (0 means "none" to the servlet
            // container): answer now, and park nothing.
            AssignmentView current = current(machineId);
            var now = new DeferredResult<T>();
            now.setResult(known.isOutdatedBy(current) ? answer.apply(current) : onTimeout);
            return now;
        }
        var result = new DeferredResult<T>(wait.toMillis(), onTimeout);
        Waiter waiter = new Waiter(machineId, known, (DeferredResult<Object>) result, answer);
        waiting.computeIfAbsent(machineId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        Runnable remove = () -> waiting.computeIfPresent(machineId, (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
        result.onCompletion(remove);
        result.onTimeout(remove);
        result.onError(error -> remove.run());
        try {
            check(waiter);
        } catch (RuntimeException e) {
            remove.run(); // the request fails here, so no callback would ever remove it
            throw e;
        }
        return result;
    }

    /** Re-checks every waiter of this machine. */
    private void wake(long machineId) {
        Set<Waiter> set = waiting.get(machineId);
        if (set != null) {
            set.forEach(this::check);
        }
    }

    /** Every change: claims and releases here (at once, through LocalMachineChanges) and the notifications of every allocator. */
    @Override
    public void machineChanged(long machineId) {
        wake(machineId);
    }

    /** Re-checks everyone: wake-ups may have been missed while the notification connection was down. */
    @Override
    public void changesMayHaveBeenMissed() {
        waiting.keySet().forEach(this::wake);
    }

    public int waitingCount() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void check(Waiter waiter) {
        if (waiter.result().isSetOrExpired()) {
            return;
        }
        AssignmentView current = current(waiter.machineId());
        if (waiter.known().isOutdatedBy(current)) {
            waiter.result().setResult(waiter.answer().apply(current));
        }
    }

    AssignmentView current(long machineId) {
        Optional<Claim> claim = claims.activeClaimOn(machineId);
        return claim.map(c -> new AssignmentView(c.id(), c.email(), sessionCommand.forMachine(c.machine()), crd.of(c).orElse(null),
                        c.revision(), c.sshPublicKey(), sessionCommand.environmentFor(c.machine()), sessionCommand.imageFor(c.machine())))
                .orElse(AssignmentView.RELEASED);
    }
}
