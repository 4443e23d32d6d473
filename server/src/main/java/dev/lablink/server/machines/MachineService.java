package dev.lablink.server.machines;

import dev.lablink.core.machine.IllegalTransitionException;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.api.Quote;
import dev.lablink.server.providers.ProviderRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;

/** State changes with a rule behind them: destroy, and moves requested by agents. */
@Service
public class MachineService implements AutoCloseable {
    private final MachineRepository machines;
    private final ProviderRegistry providers;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public MachineService(MachineRepository machines, ProviderRegistry providers) {
        this.machines = machines;
        this.providers = providers;
    }

    public Machine get(String name) {
        return machines.findByName(name).orElseThrow(() -> new NotFoundException(
                "no machine named " + Quote.of(name) + "; list them with GET /api/v1/vms or lablink vm list"));
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
        startDestroy(machine, "destroy requested by " + actor, actor);
        finishDestroy(machine, actor);
        return get(name);
    }

    /**
     * Moves the machine to TERMINATING now (which releases its seat) and leaves the provider's part
     * to the background, for callers that show the rest live.
     *
     * @return true when this call started the destroy; false when another had already started it
     */
    public boolean destroyInBackground(String name, String reason, String actor) {
        Machine machine = get(name);
        if (!startDestroy(machine, reason, actor)) {
            return false;
        }
        background.submit(() -> finishDestroy(machine, actor));
        return true;
    }

    private boolean startDestroy(Machine machine, String reason, String actor) {
        if (machine.state() == MachineState.TERMINATED || machine.state() == MachineState.TERMINATING) {
            return false;
        }
        if (machines.transition(machine.id(), MachineState.TERMINATING, reason, actor).isPresent()) {
            return true;
        }
        MachineState now = machines.findById(machine.id()).map(Machine::state).orElse(machine.state());
        if (now == MachineState.TERMINATED || now == MachineState.TERMINATING) {
            return false; // a concurrent destroy won
        }
        throw new IllegalTransitionException(machine.name(), now, MachineState.TERMINATING);
    }

    private void finishDestroy(Machine machine, String actor) {
        if (machine.state() == MachineState.TERMINATED) {
            return;
        }
        MachineProvider provider = providers.find(machine.provider()).orElse(null);
        if (provider == null && MachineProviderFactories.installed().containsKey(machine.provider())) {
            // Made by a provider config no longer names: it still runs there, and saying "destroyed" would be untrue.
            machines.transition(machine.id(), MachineState.FAILED, "not destroyed: provider " + machine.provider() + ", which created it, "
                    + "is not configured on this allocator now; add it to machine.providers and destroy it again, or stop it at "
                    + machine.provider() + " yourself", "system");
            return;
        }
        if (provider == null) {
            // A machine that announced itself (a LabLink client image) runs where we cannot reach it.
            machines.transition(machine.id(), MachineState.TERMINATED, "removed by " + actor + "; it was not created by a provider of this allocator ("
                    + String.join(", ", providers.all().stream().map(MachineProvider::name).toList())
                    + "), so the machine itself still runs: stop it where it was started (" + machine.provider() + ")", actor);
            return;
        }
        try {
            provider.destroy(new ProvisionedMachine(machine.name(), machine.providerId() == null ? "" : machine.providerId()));
            machines.transition(machine.id(), MachineState.TERMINATED, "destroyed by " + actor, actor);
        } catch (RuntimeException e) {
            machines.transition(machine.id(), MachineState.FAILED, "destroy failed at " + provider.name() + ": " + e.getMessage(), "system");
        }
    }

    /** Destroys every machine not yet terminated, in parallel. */
    public List<Machine> destroyAll(String actor) {
        List<Machine> live = liveMachines();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Machine>> done = live.stream().map(m -> pool.submit(() -> destroy(m.name(), actor))).toList();
            return done.stream().map(MachineService::join).toList();
        }
    }

    /** Starts {@link #destroyAll} in the background; returns how many machines it will destroy. */
    public int destroyAllInBackground(String actor) {
        int count = liveMachines().size();
        background.submit(() -> destroyAll(actor));
        return count;
    }

    private List<Machine> liveMachines() {
        return machines.list(java.util.EnumSet.complementOf(java.util.EnumSet.of(MachineState.TERMINATED)));
    }

    @Override
    public void close() {
        background.close(); // waits for destroys under way: a machine must not be left TERMINATING
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
