package dev.lablink.server.provisioning;

import dev.lablink.server.providers.ProviderRegistry;
import dev.lablink.core.placement.Candidate;
import dev.lablink.core.placement.Choice;
import dev.lablink.core.placement.PlacementPlan;
import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.Offer;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the providers can launch now, and what a batch would pick, without launching anything. */
@RestController
@RequestMapping("/api/v1/capacity")
public class CapacityController {
    private final ProviderRegistry providers;
    private final ProvisioningService provisioning;
    private final PlacementWalk walk;

    public CapacityController(ProviderRegistry providers, ProvisioningService provisioning, PlacementWalk walk) {
        this.providers = providers;
        this.provisioning = provisioning;
        this.walk = walk;
    }

    /** One provider's answer; {@code known} is false where the provider only tells by refusing a launch (EC2). */
    public record ProviderCapacity(String provider, boolean known, List<Offer> offers, String error) {
    }

    public record CapacityView(List<ProviderCapacity> providers) {
    }

    public record PlanView(List<Choice> choices, List<Candidate> candidates, List<String> skipped, List<String> notes, Candidate pick) {
    }

    @GetMapping
    public CapacityView capacity(@RequestParam(required = false) String provider) {
        List<MachineProvider> asked = provider == null ? List.copyOf(providers.all()) : List.of(providers.find(provider)
                .orElseThrow(() -> new BadRequestException("provider", "provider " + Quote.of(provider) + " is not configured on this allocator; use one of "
                        + providers.all().stream().map(MachineProvider::name).collect(Collectors.joining(", ")) + ", or leave provider out")));
        List<ProviderCapacity> answers = new ArrayList<>();
        for (MachineProvider each : asked) {
            try {
                Capacity capacity = each.capacity();
                answers.add(new ProviderCapacity(each.name(), capacity.known(), capacity.offers(), null));
            } catch (RuntimeException e) {
                answers.add(new ProviderCapacity(each.name(), false, List.of(), e.getMessage()));
            }
        }
        return new CapacityView(answers);
    }

    /** The walk a batch would make now: {@code tier} or {@code machine_type}, else config's placement rules. */
    @GetMapping("/plan")
    public PlanView plan(@RequestParam(required = false) String tier, @RequestParam(name = "machine_type", required = false) String machineType,
                         @RequestParam(required = false) String region) {
        List<Choice> choices = provisioning.choices(new ProvisioningService.Request(1, null, machineType, region, tier));
        List<String> notes = new ArrayList<>();
        PlacementPlan plan = walk.plan(choices, notes);
        return new PlanView(choices, plan.candidates(), plan.skipped(), notes, plan.candidates().isEmpty() ? null : plan.candidates().getFirst());
    }
}
