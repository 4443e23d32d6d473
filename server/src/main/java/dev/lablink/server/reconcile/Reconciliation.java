package dev.lablink.server.reconcile;

import java.time.Instant;
import java.util.List;

/** The outcome of comparing the database with every provider, and the counts and costs recomputed from it. */
public record Reconciliation(Instant at, List<ProviderResult> providers, List<Orphan> orphans, List<Usage> usage) {

    /**
     * @param running machines the provider reports and the database knows
     * @param lost    machines the database had live that the provider no longer runs (now FAILED)
     * @param error   why the provider could not be asked, or null
     */
    public record ProviderResult(String provider, int running, int lost, int orphans, int orphansDestroyed, String error) {
    }
}
