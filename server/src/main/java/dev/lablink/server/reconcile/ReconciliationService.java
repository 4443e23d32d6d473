package dev.lablink.server.reconcile;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.providers.ProviderRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * "Recalculate usage": compares the database with what each provider reports for this deployment.
 * A live machine the provider no longer runs becomes FAILED with the reason; an instance no live
 * machine accounts for is an orphan, shown to the admin (and destroyed at once with
 * {@code reconcile.destroy_orphans}). Machines that changed state in the last minute are left
 * alone, because clouds list new and removed instances with a delay.
 */
@Service
public class ReconciliationService {
    static final Duration SETTLE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);
    private static final Set<MachineState> RUNNING = EnumSet.of(MachineState.BOOTING, MachineState.READY, MachineState.ASSIGNED,
            MachineState.IN_USE, MachineState.UNREACHABLE, MachineState.TERMINATING);

    private final MachineRepository machines;
    private final ProviderRegistry providers;
    private final OrphanRepository orphans;
    private final UsageRepository usage;
    private final EventRepository events;
    private final boolean destroyOrphans;

    public ReconciliationService(MachineRepository machines, ProviderRegistry providers, OrphanRepository orphans, UsageRepository usage,
                                 EventRepository events, LabLinkConfig config) {
        this.machines = machines;
        this.providers = providers;
        this.orphans = orphans;
        this.usage = usage;
        this.events = events;
        this.destroyOrphans = config.reconcile().destroyOrphans();
    }

    /**
     * @param atStartup whether the allocator has just started: then machines still PROVISIONING
     *                  (whose launch died with the last process) are judged too, and nothing is too new
     */
    public Reconciliation reconcile(boolean atStartup, String actor) {
        List<Reconciliation.ProviderResult> results = new ArrayList<>();
        for (MachineProvider provider : providers.all()) {
            results.add(reconcile(provider, atStartup, actor));
        }
        return new Reconciliation(Instant.now(), results, orphans.list(), usage.byProvider());
    }

    private Reconciliation.ProviderResult reconcile(MachineProvider provider, boolean atStartup, String actor) {
        List<ProvisionedMachine> reported;
        try {
            reported = provider.list();
        } catch (RuntimeException e) {
            log.warn("could not list machines at {} to reconcile: {}", provider.name(), e.getMessage());
            return new Reconciliation.ProviderResult(provider.name(), 0, 0, 0, 0, e.getMessage());
        }
        Set<String> reportedIds = new HashSet<>();
        Set<String> reportedNames = new HashSet<>();
        reported.forEach(m -> {
            reportedIds.add(m.providerId());
            reportedNames.add(m.name());
        });
        Set<MachineState> judged = EnumSet.copyOf(RUNNING);
        if (atStartup) {
            judged.add(MachineState.PROVISIONING);
        }
        Instant settled = Instant.now().minus(SETTLE);
        int running = 0;
        int lost = 0;
        Set<String> accountedIds = new HashSet<>();
        Set<String> accountedNames = new HashSet<>();
        for (Machine machine : machines.list(EnumSet.complementOf(EnumSet.of(MachineState.TERMINATED, MachineState.FAILED)))) {
            if (!machine.provider().equals(provider.name())) {
                continue;
            }
            accountedNames.add(machine.name());
            if (machine.providerId() != null) {
                accountedIds.add(machine.providerId());
            }
            boolean present = machine.providerId() != null ? reportedIds.contains(machine.providerId()) : reportedNames.contains(machine.name());
            if (present) {
                running++;
            } else if (judged.contains(machine.state()) && (atStartup || machine.stateChangedAt().isBefore(settled))) {
                lost++;
                markLost(machine, provider.name(), atStartup);
            }
        }
        if (atStartup && running > 0) {
            events.record("system", null, "RECOVERED", "allocator restarted; found " + running + " machines still running at " + provider.name());
        }
        List<ProvisionedMachine> found = reported.stream()
                .filter(m -> !accountedIds.contains(m.providerId()) && !accountedNames.contains(m.name()))
                .toList();
        List<String> fresh = orphans.replace(provider.name(), found);
        int destroyed = 0;
        for (ProvisionedMachine orphan : found) {
            if (destroyOrphans) {
                destroyed += destroy(provider, orphan, "reconcile.destroy_orphans") ? 1 : 0;
            } else if (fresh.contains(orphan.providerId())) {
                events.record(actor, null, "ORPHAN_FOUND", provider.name() + " runs " + orphan.name() + " (" + orphan.providerId()
                        + ") for this deployment, but no live machine accounts for it; destroy it from the overview or set reconcile.destroy_orphans");
            }
        }
        return new Reconciliation.ProviderResult(provider.name(), running, lost, found.size(), destroyed, null);
    }

    private void markLost(Machine machine, String provider, boolean atStartup) {
        if (machine.state() == MachineState.TERMINATING) {
            machines.transition(machine.id(), MachineState.TERMINATED, "gone at " + provider, "system");
        } else if (atStartup) {
            machines.transition(machine.id(), MachineState.FAILED, "not running at " + provider + " when the allocator restarted", "system");
        } else {
            machines.transition(machine.id(), MachineState.FAILED, "lost by " + provider + ": no longer in its instance list"
                    + (machine.providerId() == null ? "" : " (" + machine.providerId() + ")"), "system");
        }
    }

    /** Destroys one orphan the admin picked; it must still be listed as an orphan. */
    public void destroyOrphan(String provider, String providerId, String actor) {
        Orphan orphan = orphans.find(provider, providerId).orElseThrow(() -> new NotFoundException(
                "no orphan " + providerId + " at " + provider + "; recalculate usage to refresh the list"));
        destroy(providers.get(provider), new ProvisionedMachine(orphan.name(), orphan.providerId()), actor);
    }

    private boolean destroy(MachineProvider provider, ProvisionedMachine orphan, String actor) {
        try {
            provider.destroy(orphan);
            orphans.delete(provider.name(), orphan.providerId());
            events.record(actor, null, "ORPHAN_DESTROYED", "destroyed " + orphan.name() + " (" + orphan.providerId() + ") at " + provider.name());
            return true;
        } catch (ProviderException e) {
            events.record(actor, null, "ORPHAN_DESTROY_FAILED", "could not destroy " + orphan.name() + " (" + orphan.providerId() + ") at "
                    + provider.name() + ": " + e.getMessage());
            if (!actor.equals("reconcile.destroy_orphans")) {
                throw e;
            }
            return false;
        }
    }
}
