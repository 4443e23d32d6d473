package dev.lablink.server.console;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.reconcile.OrphanRepository;
import dev.lablink.server.reconcile.UsageRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /admin}: machines by state, seats, usage and costs, orphans, and the latest events, live. */
@Controller
class OverviewController {
    private static final int RECENT_EVENTS = 10;

    private final MachineRepository machines;
    private final ClaimService claims;
    private final EventRepository events;
    private final UsageRepository usage;
    private final OrphanRepository orphans;

    OverviewController(MachineRepository machines, ClaimService claims, EventRepository events, UsageRepository usage, OrphanRepository orphans) {
        this.machines = machines;
        this.claims = claims;
        this.events = events;
        this.usage = usage;
        this.orphans = orphans;
    }

    @GetMapping("/admin")
    String overview(Model model) {
        addOverview(model);
        return "console/overview";
    }

    @GetMapping("/admin/overview")
    String fragment(Model model) {
        addOverview(model);
        return "console/overview :: live";
    }

    private void addOverview(Model model) {
        model.addAttribute("states", MachineState.values());
        model.addAttribute("counts", machines.countByState());
        model.addAttribute("seats", claims.seats());
        model.addAttribute("events", events.page(null, RECENT_EVENTS, null));
        model.addAttribute("usage", usage.byProvider());
        model.addAttribute("orphans", orphans.list());
    }
}
