package dev.lablink.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.Offer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {
    private final PlacementPlanner planner = new PlacementPlanner();
    private final Capacity lambda = Capacity.of(List.of(
            new Offer("gpu_1x_h100_sxm5", "1x H100", 329, List.of()),
            new Offer("gpu_1x_a100", "1x A100", 129, List.of("us-east-1", "us-west-1")),
            new Offer("gpu_1x_a10", "1x A10", 75, List.of("us-east-1"))));

    @Test
    void choicesWithoutCapacityAreSkippedWithTheReasonAndTheRestKeepTheirOrder() {
        PlacementPlan plan = planner.plan(List.of(
                new Choice("lambda", "gpu_1x_h100_sxm5", List.of(), 0),
                new Choice("lambda", "gpu_1x_a100", List.of(), 1),
                new Choice("lambda", "gpu_1x_a10", List.of(), 2)), Map.of("lambda", lambda), false);

        assertThat(plan.skipped()).containsExactly("gpu_1x_h100_sxm5 at lambda: no capacity");
        assertThat(plan.candidates()).extracting(c -> c.machineType() + "@" + c.region())
                .containsExactly("gpu_1x_a100@us-east-1", "gpu_1x_a100@us-west-1", "gpu_1x_a10@us-east-1");
    }

    @Test
    void listedRegionsAreTriedInTheirOrderAndOnlyWhereThereIsRoom() {
        PlacementPlan plan = planner.plan(List.of(new Choice("lambda", "gpu_1x_a100", List.of("us-west-1", "europe-central-1", "us-east-1"), 0)),
                Map.of("lambda", lambda), false);

        assertThat(plan.candidates()).extracting(Candidate::region).containsExactly("us-west-1", "us-east-1");
    }

    @Test
    void aProviderThatDoesNotPublishCapacityIsTriedAsWritten() {
        PlacementPlan plan = planner.plan(List.of(new Choice("aws", "p5.4xlarge", List.of("us-east-1"), 0)), Map.of(), false);

        assertThat(plan.candidates()).singleElement().satisfies(candidate -> {
            assertThat(candidate.capacityKnown()).isFalse();
            assertThat(candidate.describe()).isEqualTo("p5.4xlarge in us-east-1 at aws");
        });
    }

    @Test
    void cheapestOrdersEqualTiersByPriceButNeverJumpsATier() {
        Capacity other = Capacity.of(List.of(new Offer("a100-cheap", "", 99, List.of("r1")), new Offer("a10-cheapest", "", 10, List.of("r1"))));
        List<Choice> choices = List.of(
                new Choice("lambda", "gpu_1x_a100", List.of("us-east-1"), 0),
                new Choice("other", "a100-cheap", List.of(), 0),
                new Choice("other", "a10-cheapest", List.of(), 1));

        PlacementPlan byOrder = planner.plan(choices, Map.of("lambda", lambda, "other", other), false);
        PlacementPlan cheapest = planner.plan(choices, Map.of("lambda", lambda, "other", other), true);

        assertThat(byOrder.candidates()).extracting(Candidate::machineType).containsExactly("gpu_1x_a100", "a100-cheap", "a10-cheapest");
        assertThat(cheapest.candidates()).extracting(Candidate::machineType).containsExactly("a100-cheap", "gpu_1x_a100", "a10-cheapest");
    }

    @Test
    void aTypeTheProviderDoesNotSellIsSkippedAsNotOffered() {
        PlacementPlan plan = planner.plan(List.of(new Choice("lambda", "gpu_9x_imaginary", List.of(), 0)), Map.of("lambda", lambda), false);

        assertThat(plan.candidates()).isEmpty();
        assertThat(plan.skipped()).containsExactly("gpu_9x_imaginary at lambda: not offered");
    }
}
