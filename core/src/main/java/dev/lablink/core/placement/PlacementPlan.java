package dev.lablink.core.placement;

import java.util.List;

/**
 * The launches to try, best first, and the choices left out before trying anything (with why),
 * so the events can tell the admin the whole walk.
 */
public record PlacementPlan(List<Candidate> candidates, List<String> skipped) {
    public PlacementPlan {
        candidates = List.copyOf(candidates);
        skipped = List.copyOf(skipped);
    }
}
