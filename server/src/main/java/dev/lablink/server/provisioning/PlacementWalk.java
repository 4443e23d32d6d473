package dev.lablink.server.provisioning;

import dev.lablink.server.providers.ProviderRegistry;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.MachineSettings;
import dev.lablink.core.config.StartupScriptSettings;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.placement.Candidate;
import dev.lablink.core.placement.Choice;
import dev.lablink.core.placement.PlacementPlan;
import dev.lablink.core.placement.PlacementPlanner;
import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.core.provider.SessionImage;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Places a batch: asks each provider of the choices for its capacity, plans the launches best
 * first, and launches what is left of the batch at each candidate in turn. Machines a candidate
 * has no capacity for go on to the next one, so a batch may end up split across choices. The
 * whole walk is told in one PLACEMENT event.
 */
@Component
public class PlacementWalk {
    private static final Logger log = LoggerFactory.getLogger(PlacementWalk.class);

    private final MachineRepository machines;
    private final ProviderRegistry providers;
    private final EventRepository events;
    private final LabLinkConfig config;
    private final AllocatorUrl allocatorUrl;
    private final AgentJar agentJar;
    private final PlacementPlanner planner = new PlacementPlanner();

    public PlacementWalk(MachineRepository machines, ProviderRegistry providers, EventRepository events, LabLinkConfig config,
                         AllocatorUrl allocatorUrl, AgentJar agentJar) {
        this.machines = machines;
        this.providers = providers;
        this.events = events;
        this.config = config;
        this.allocatorUrl = allocatorUrl;
        this.agentJar = agentJar;
    }

    /** Refuses, as the caller's mistake, a choice whose provider cannot make its machine type. */
    public void refuseImpossibleTypes(List<Choice> choices) {
        for (Choice choice : choices) {
            providers.refusal(choice).ifPresent(reason -> {
                throw new dev.lablink.server.api.BadRequestException("machine_type", reason);
            });
        }
    }

    /** The launches a batch over these choices would try now, and what it would skip; launches nothing. */
    public PlacementPlan plan(List<Choice> choices, List<String> notes) {
        Map<String, Capacity> capacity = new LinkedHashMap<>();
        for (Choice choice : choices) {
            capacity.computeIfAbsent(choice.provider(), name -> capacityOf(name, notes));
        }
        return planner.plan(choices, capacity, MachineSettings.PREFER_CHEAPEST.equals(config.machine().prefer()));
    }

    private Capacity capacityOf(String provider, List<String> notes) {
        try {
            return providers.get(provider).capacity();
        } catch (RuntimeException e) {
            notes.add("could not read capacity at " + provider + " (" + e.getMessage() + "); trying its choices anyway");
            return Capacity.unknown();
        }
    }

    void place(long batchId, List<Machine> batch, Map<String, String> tokens, List<Choice> choices, String script, String actor) {
        List<String> notes = new ArrayList<>();
        List<Machine> remaining = new ArrayList<>(batch);
        try {
            PlacementPlan plan = plan(choices, notes);
            plan.skipped().forEach(skip -> notes.add("skipped " + skip));
            for (Candidate candidate : plan.candidates()) {
                if (remaining.isEmpty()) {
                    break;
                }
                Attempt attempt = launch(candidate, remaining, tokens, script, actor);
                int launched = remaining.size() - attempt.noCapacity().size() - attempt.failed();
                if (launched > 0) {
                    notes.add("launched " + launched + " × " + candidate.describe());
                }
                if (!attempt.noCapacity().isEmpty()) {
                    notes.add("tried " + candidate.describe() + ": no capacity for " + attempt.noCapacity().size()
                            + " (" + attempt.noCapacityReason() + ")");
                }
                if (attempt.failed() > 0) {
                    notes.add(attempt.failed() + " failed at " + candidate.describe());
                }
                remaining = attempt.noCapacity();
            }
        } catch (RuntimeException e) {
            log.warn("placing batch {} failed: {}", batchId, e.getMessage(), e);
            notes.add("stopped: " + e.getMessage());
        }
        String failure = "no capacity in any choice: " + String.join("; ", notes);
        for (Machine machine : remaining) {
            machines.transition(machine.id(), MachineState.FAILED, failure, "system");
        }
        // Anything the provider neither created nor failed must not stay PROVISIONING forever.
        for (Machine machine : machines.findByIds(batch.stream().map(Machine::id).toList())) {
            if (machine.state() == MachineState.PROVISIONING) {
                machines.transition(machine.id(), MachineState.FAILED, "the provider did not report this machine", "system");
            }
        }
        if (choices.size() > 1 || notes.size() > 1 || !remaining.isEmpty()) {
            events.record("system", batch.getFirst().id(), "PLACEMENT", "batch " + batchId + " (" + batch.size() + (batch.size() == 1 ? " machine" : " machines") + "): " + String.join("; ", notes));
        }
    }

    private record Attempt(List<Machine> noCapacity, String noCapacityReason, int failed) {
    }

    private Attempt launch(Candidate candidate, List<Machine> batch, Map<String, String> tokens, String script, String actor) {
        MachineProvider provider = providers.get(candidate.provider());
        Map<String, Machine> byName = new LinkedHashMap<>();
        batch.forEach(machine -> byName.put(machine.name(), machine));
        machines.recordPlacement(batch.stream().map(Machine::id).toList(), candidate.provider(), candidate.machineType(), candidate.region(),
                candidate.priceCentsPerHour());
        boolean mustSucceed = StartupScriptSettings.ON_ERROR_FAIL.equals(config.startupScript().onError());
        String agentJarSha256 = agentJar.sha256().orElse(null);
        String configImage = config.session().runsImage() ? config.session().image() : null;
        // each machine's image as its batch pinned it (else session.image); with one, the bootstrap installs docker/podman where the machine has none
        List<MachineSpec> specs = batch.stream()
                .map(m -> {
                    String image = m.image() != null ? m.image() : configImage;
                    return new MachineSpec(m.name(), candidate.machineType(), candidate.region(), allocatorUrl.get(),
                            tokens.get(m.name()), script, mustSucceed, actor, agentJarSha256, image != null,
                            SessionImage.of(config.session(), config.registries(), image));
                })
                .toList();
        Map<String, ProviderException> noCapacity = new ConcurrentHashMap<>();
        Map<String, Boolean> heard = new ConcurrentHashMap<>();
        String where = candidate.machineType() == null ? "" : " (" + candidate.machineType() + (candidate.region() == null ? "" : " in " + candidate.region()) + ")";
        CreationListener listener = new CreationListener() {
            @Override
            public void created(ProvisionedMachine machine) {
                heard.put(machine.name(), true);
                long id = byName.get(machine.name()).id();
                machines.recordProviderId(id, machine.providerId(), machine.address());
                machines.transition(id, MachineState.BOOTING, "created by " + provider.name() + " as " + machine.providerId() + where, "system");
            }

            @Override
            public void failed(String name, ProviderException problem) {
                heard.put(name, true);
                if (problem instanceof NoCapacityException) {
                    noCapacity.put(name, problem);
                } else {
                    machines.transition(byName.get(name).id(), MachineState.FAILED, problem.getMessage(), "system");
                }
            }

            @Override
            public void progress(String name, String message) {
                events.record("system", byName.get(name).id(), "PROVIDER_NOTE", message);
            }
        };
        try {
            provider.create(specs, listener);
        } catch (NoCapacityException e) {
            byName.keySet().stream().filter(name -> !heard.containsKey(name)).forEach(name -> noCapacity.put(name, e));
        } catch (RuntimeException e) {
            log.warn("provider {} failed a batch of {}: {}", provider.name(), specs.size(), e.getMessage());
            byName.values().stream().filter(m -> !heard.containsKey(m.name()))
                    .forEach(m -> machines.transition(m.id(), MachineState.FAILED, provider.name() + " failed: " + e.getMessage(), "system"));
        }
        List<Machine> moveOn = batch.stream().filter(m -> noCapacity.containsKey(m.name())).toList();
        int failed = (int) batch.stream().filter(m -> heard.containsKey(m.name()) && !noCapacity.containsKey(m.name()))
                .filter(m -> machines.findById(m.id()).map(Machine::state).orElse(null) == MachineState.FAILED).count()
                + (int) batch.stream().filter(m -> !heard.containsKey(m.name()) && !noCapacity.containsKey(m.name())).count();
        String reason = noCapacity.values().stream().findFirst().map(ProviderException::getMessage).orElse(null);
        return new Attempt(moveOn, reason, failed);
    }
}
