package dev.lablink.server.machines;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.Quote;
import java.security.Principal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for machines: list, inspect, destroy (creating them is provisioning's BatchController). */
@RestController
@RequestMapping("/api/v1/vms")
public class MachineController {
    private final MachineService service;
    private final MachineRepository machines;

    public MachineController(MachineService service, MachineRepository machines) {
        this.service = service;
        this.machines = machines;
    }

    public record MachineList(List<MachineView> machines) {
    }

    @GetMapping
    public MachineList list(@RequestParam(name = "state", required = false) List<String> states) {
        return wrap(machines.list(parseStates(states)));
    }

    @GetMapping("/{name}")
    public MachineView get(@PathVariable String name) {
        return MachineView.of(service.get(name));
    }

    @DeleteMapping("/{name}")
    public MachineView destroy(@PathVariable String name, Principal admin) {
        return MachineView.of(service.destroy(name, actor(admin)));
    }

    @DeleteMapping
    public MachineList destroyAll(@RequestParam(name = "all", defaultValue = "false") boolean all, Principal admin) {
        if (!all) {
            throw new BadRequestException("all", "add ?all=true to destroy every machine, or DELETE /api/v1/vms/{name} for one");
        }
        return wrap(service.destroyAll(actor(admin)));
    }

    private static MachineList wrap(List<Machine> list) {
        return new MachineList(list.stream().map(MachineView::of).toList());
    }

    private static String actor(Principal admin) {
        return "admin:" + admin.getName();
    }

    private static Set<MachineState> parseStates(List<String> states) {
        if (states == null || states.isEmpty()) {
            return Set.of();
        }
        Set<MachineState> parsed = EnumSet.noneOf(MachineState.class);
        for (String state : states) {
            try {
                parsed.add(MachineState.valueOf(state.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("state", Quote.of(state) + " is not a machine state; use one of "
                        + Arrays.stream(MachineState.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return parsed;
    }
}
