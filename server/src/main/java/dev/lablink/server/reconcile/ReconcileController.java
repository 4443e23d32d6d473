package dev.lablink.server.reconcile;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/usage}, {@code /api/v1/reconcile} and orphan clean-up for admins. */
@RestController
@RequestMapping("/api/v1")
public class ReconcileController {
    private final ReconciliationService reconciliation;
    private final OrphanRepository orphans;
    private final UsageRepository usage;

    public ReconcileController(ReconciliationService reconciliation, OrphanRepository orphans, UsageRepository usage) {
        this.reconciliation = reconciliation;
        this.orphans = orphans;
        this.usage = usage;
    }

    public record UsageView(List<Usage> usage, List<Orphan> orphans) {
    }

    @GetMapping("/usage")
    public UsageView usage() {
        return new UsageView(usage.byProvider(), orphans.list());
    }

    /** Compares the database with every provider now ("recalculate usage"). */
    @PostMapping("/reconcile")
    public Reconciliation reconcile(Principal admin) {
        return reconciliation.reconcile(false, "admin:" + admin.getName());
    }

    @PostMapping("/orphans/{provider}/{providerId}/destroy")
    public Map<String, String> destroyOrphan(@PathVariable String provider, @PathVariable String providerId, Principal admin) {
        reconciliation.destroyOrphan(provider, providerId, "admin:" + admin.getName());
        return Map.of("destroyed", providerId, "provider", provider);
    }
}
