package dev.lablink.server.console;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.MachineRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /admin}: machines by state, seats, and the latest events, live. */
@Controller
class OverviewController {
    private static final int RECENT_EVENTS = 10;

    private final MachineRepository machines;
    private final ClaimService claims;
    private final EventRepository events;

    OverviewController(MachineRepository machines, ClaimService claims, EventRepository events) {
        this.machines = machines;
        this.claims = claims;
        this.events = events;
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
    }
}
