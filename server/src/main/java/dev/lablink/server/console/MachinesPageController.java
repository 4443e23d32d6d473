package dev.lablink.server.console;

import dev.lablink.core.machine.IllegalTransitionException;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.allocation.NoClaimToReleaseException;
import dev.lablink.server.allocation.ReleaseService;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.api.Quote;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.machines.MachineService;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/** The machines table with its state filter and search, per-row destroy and release, and "destroy all". */
@Controller
class MachinesPageController {
    static final String DESTROY_ALL_CONFIRMATION = "destroy all";

    private final MachineRepository machines;
    private final MachineService service;
    private final ReleaseService releases;

    MachinesPageController(MachineRepository machines, MachineService service, ReleaseService releases) {
        this.machines = machines;
        this.service = service;
        this.releases = releases;
    }

    @GetMapping("/admin/machines")
    String page(@RequestParam(name = "state", required = false) String state,
                @RequestParam(name = "q", required = false) String q, Model model) {
        addTable(state, q, model);
        model.addAttribute("states", MachineState.values());
        model.addAttribute("confirmation", DESTROY_ALL_CONFIRMATION);
        return "console/machines";
    }

    @GetMapping("/admin/machines/table")
    String table(@RequestParam(name = "state", required = false) String state,
                 @RequestParam(name = "q", required = false) String q, Model model) {
        addTable(state, q, model);
        return "console/machines :: table";
    }

    @PostMapping("/admin/machines/{name}/destroy")
    String destroy(@PathVariable String name, @RequestParam(name = "state", required = false) String state,
                   Principal admin, RedirectAttributes flash) {
        try {
            boolean started = service.destroyInBackground(name, "destroy requested by " + actor(admin), actor(admin));
            flash.addFlashAttribute("notice", started ? "Destroying " + name + "." : name + " is already being destroyed.");
        } catch (NotFoundException | IllegalTransitionException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return back(state);
    }

    @PostMapping("/admin/machines/{name}/release")
    String release(@PathVariable String name, @RequestParam(name = "state", required = false) String state,
                   Principal admin, RedirectAttributes flash) {
        try {
            ReleaseService.Released released = releases.releaseMachine(name, actor(admin));
            flash.addFlashAttribute("notice", "Released the claim on " + name + "; "
                    + (released.replacement() == null ? "no replacement could be created (see the events)." : released.replacement() + " replaces it."));
        } catch (NotFoundException | NoClaimToReleaseException | IllegalTransitionException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return back(state);
    }

    /** Only with the confirmation typed exactly: a stray click must not end a workshop. */
    @PostMapping("/admin/machines/destroy-all")
    String destroyAll(@RequestParam(name = "confirm", required = false) String confirm, Principal admin, RedirectAttributes flash) {
        if (confirm == null || !DESTROY_ALL_CONFIRMATION.equals(confirm.trim().toLowerCase(Locale.ROOT))) {
            flash.addFlashAttribute("problem", "Nothing was destroyed: type \"" + DESTROY_ALL_CONFIRMATION + "\" in the confirmation field to destroy every machine.");
            return back(null);
        }
        int count = service.destroyAllInBackground(actor(admin));
        flash.addFlashAttribute("notice", "Destroying all " + count + " machines.");
        return back(null);
    }

    private void addTable(String state, String q, Model model) {
        MachineFilter filter = MachineFilter.of(state, q);
        List<Machine> shown = machines.list(filter.states()).stream().filter(filter::matches).toList();
        model.addAttribute("machines", shown);
        model.addAttribute("filter", filter.stateParameter());
        model.addAttribute("q", filter.search());
        model.addAttribute("hiddenTerminated", filter.hidesTerminated()
                ? machines.list(EnumSet.of(MachineState.TERMINATED)).stream().filter(filter::matches).count() : 0);
        if (filter.unknownState() != null) {
            model.addAttribute("problem", Quote.of(filter.unknownState()) + " is not a machine state; showing the live machines.");
        }
    }

    private static String back(String state) {
        return "redirect:" + UriComponentsBuilder.fromPath("/admin/machines")
                .queryParamIfPresent("state", Optional.of(MachineFilter.of(state, null).stateParameter()).filter(v -> !v.isEmpty()))
                .build().toUriString();
    }

    private static String actor(Principal admin) {
        return "admin:" + admin.getName();
    }
}
