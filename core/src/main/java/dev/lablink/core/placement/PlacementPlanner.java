package dev.lablink.core.placement;

import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.Offer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns ordered choices and each provider's capacity into the launches to try: a choice with
 * published capacity becomes one candidate per region that has room (in the choice's region
 * order when it lists regions); a choice whose provider does not publish capacity is tried as
 * written. Pure, so the CLI's "what would a launch pick" and the launch itself agree.
 */
public final class PlacementPlanner {

    public PlacementPlan plan(List<Choice> choices, Map<String, Capacity> capacityByProvider, boolean cheapest) {
        record Ranked(Candidate candidate, int rank, int position) {
        }
        List<Ranked> ranked = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Choice choice : choices) {
            Capacity capacity = capacityByProvider.getOrDefault(choice.provider(), Capacity.unknown());
            if (!capacity.known()) {
                List<String> regions = choice.regions().isEmpty() ? java.util.Collections.singletonList(null) : choice.regions();
                for (String region : regions) {
                    ranked.add(new Ranked(new Candidate(choice.provider(), choice.machineType(), region, null, false), choice.rank(), ranked.size()));
                }
                continue;
            }
            var offer = choice.machineType() == null ? java.util.Optional.<Offer>empty() : capacity.offer(choice.machineType());
            if (offer.isEmpty()) {
                skipped.add(choice.machineType() + " at " + choice.provider() + ": not offered");
                continue;
            }
            List<String> regions = regionsWithRoom(choice, offer.get());
            if (regions.isEmpty()) {
                skipped.add(choice.machineType() + " at " + choice.provider() + ": no capacity"
                        + (choice.regions().isEmpty() ? "" : " in " + String.join(", ", choice.regions())));
            }
            for (String region : regions) {
                ranked.add(new Ranked(new Candidate(choice.provider(), choice.machineType(), region, offer.get().priceCentsPerHour(), true),
                        choice.rank(), ranked.size()));
            }
        }
        Comparator<Ranked> order = Comparator.comparingInt(Ranked::rank);
        if (cheapest) {
            order = order.thenComparing(r -> r.candidate().priceCentsPerHour(), Comparator.nullsLast(Comparator.naturalOrder()));
        }
        order = order.thenComparingInt(Ranked::position);
        return new PlacementPlan(ranked.stream().sorted(order).map(Ranked::candidate).toList(), skipped);
    }

    private static List<String> regionsWithRoom(Choice choice, Offer offer) {
        if (choice.regions().isEmpty()) {
            return offer.regionsWithCapacity();
        }
        return choice.regions().stream().filter(offer.regionsWithCapacity()::contains).toList();
    }
}
