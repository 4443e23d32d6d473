package dev.lablink.server.machines;

import dev.lablink.server.api.Quote;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.providers.ProviderRegistry;
import dev.lablink.server.provisioning.ProvisioningService;
import java.security.Principal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for machines: create, list, inspect, destroy. */
@RestController
@RequestMapping("/api/v1/vms")
public class MachineController {
    private final ProvisioningService provisioning;
    private final MachineService service;
    private final MachineRepository machines;
    private final ProviderRegistry providers;

    public MachineController(ProvisioningService provisioning, MachineService service, MachineRepository machines, ProviderRegistry providers) {
        this.provisioning = provisioning;
        this.service = service;
        this.machines = machines;
        this.providers = providers;
    }

    /** The body of {@code POST /api/v1/vms}. */
    public record CreateRequest(Integer count, String machineType, String region, String tier, String provider) {
    }

    public record MachineList(List<MachineView> machines) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public MachineList create(@RequestBody CreateRequest request, Principal admin) {
        if (request.provider() != null && providers.find(request.provider()).isEmpty()) {
            // refused here, not left to fail in the background as a FAILED machine
            throw new BadRequestException("provider", "provider " + Quote.of(request.provider()) + " is not configured on this allocator; use one of "
                    + providers.all().stream().map(p -> p.name()).collect(Collectors.joining(", ")) + ", or leave provider out");
        }
        return wrap(provisioning.create(new ProvisioningService.Request(request.count(), request.provider(), request.machineType(),
                request.region(), request.tier()), actor(admin)).machines());
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
