package dev.lablink.server.machines;

import dev.lablink.core.machine.IllegalTransitionException;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.api.NotFoundException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;

/** State changes with a rule behind them: destroy, and moves requested by agents. */
@Service
public class MachineService {
    private final MachineRepository machines;
    private final MachineProvider provider;

    public MachineService(MachineRepository machines, MachineProvider provider) {
        this.machines = machines;
        this.provider = provider;
    }

    public Machine get(String name) {
        return machines.findByName(name).orElseThrow(() -> new NotFoundException(
                "no machine named '" + name + "'; list them with GET /api/v1/vms or lablink vm list"));
    }

    /** Moves the machine or explains why it cannot move. */
    public void move(Machine machine, MachineState to, String reason, String actor) {
        if (machines.transition(machine.id(), to, reason, actor).isEmpty()) {
            MachineState now = machines.findById(machine.id()).map(Machine::state).orElse(machine.state());
            throw new IllegalTransitionException(machine.name(), now, to);
        }
    }

    /** Stops the machine at its provider and marks it TERMINATED; destroying a terminated machine changes nothing. */
    public Machine destroy(String name, String actor) {
        Machine machine = get(name);
        if (machine.state() == MachineState.TERMINATED) {
            return machine;
        }
        if (machine.state() != MachineState.TERMINATING) {
            move(machine, MachineState.TERMINATING, "destroy requested by " + actor, actor);
        }
        try {
            provider.destroy(new ProvisionedMachine(machine.name(), machine.providerId() == null ? "" : machine.providerId()));
            machines.transition(machine.id(), MachineState.TERMINATED, "destroyed by " + actor, actor);
        } catch (RuntimeException e) {
            machines.transition(machine.id(), MachineState.FAILED, "destroy failed at " + provider.name() + ": " + e.getMessage(), "system");
        }
        return get(name);
    }

    /** Destroys every machine not yet terminated, in parallel. */
    public List<Machine> destroyAll(String actor) {
        List<Machine> live = machines.list(java.util.EnumSet.complementOf(java.util.EnumSet.of(MachineState.TERMINATED)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Machine>> done = live.stream().map(m -> pool.submit(() -> destroy(m.name(), actor))).toList();
            return done.stream().map(MachineService::join).toList();
        }
    }

    private static Machine join(Future<Machine> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while destroying machines", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
