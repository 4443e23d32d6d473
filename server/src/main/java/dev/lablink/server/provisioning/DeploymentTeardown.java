package dev.lablink.server.provisioning;

import dev.lablink.server.providers.ProviderRegistry;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * {@code lablink down}: destroys every machine, then lets each provider delete what the
 * deployment's machines shared (EC2's security group and key pair, Lambda's SSH key).
 */
@Service
public class DeploymentTeardown {
    private final MachineService machines;
    private final ProviderRegistry providers;
    private final EventRepository events;

    public DeploymentTeardown(MachineService machines, ProviderRegistry providers, EventRepository events) {
        this.machines = machines;
        this.providers = providers;
        this.events = events;
    }

    /** @param error null when the provider's shared resources are gone */
    public record ProviderTeardown(String provider, String error) {
    }

    public record Result(int destroyed, List<String> failed, List<ProviderTeardown> providers) {
    }

    public Result down(String actor) {
        List<Machine> destroyed = machines.destroyAll(actor);
        List<String> failed = destroyed.stream().filter(m -> m.state() != dev.lablink.core.machine.MachineState.TERMINATED)
                .map(m -> m.name() + ": " + m.stateReason()).toList();
        List<ProviderTeardown> teardowns = new ArrayList<>();
        for (MachineProvider provider : providers.all()) {
            try {
                provider.teardown();
                teardowns.add(new ProviderTeardown(provider.name(), null));
            } catch (RuntimeException e) {
                teardowns.add(new ProviderTeardown(provider.name(), e.getMessage()));
            }
        }
        events.record(actor, null, "DOWN", "destroyed " + (destroyed.size() - failed.size()) + " machines"
                + (failed.isEmpty() ? "" : ", " + failed.size() + " failed") + "; "
                + String.join("; ", teardowns.stream().map(t -> t.provider() + (t.error() == null ? ": shared resources deleted" : ": " + t.error())).toList()));
        return new Result(destroyed.size() - failed.size(), failed, teardowns);
    }
}
