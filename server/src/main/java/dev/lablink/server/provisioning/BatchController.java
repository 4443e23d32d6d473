package dev.lablink.server.provisioning;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.Quote;
import dev.lablink.server.machines.MachineController.MachineList;
import dev.lablink.server.machines.MachineView;
import dev.lablink.server.providers.ProviderRegistry;
import java.security.Principal;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/vms}: a batch of new machines, placed and created in the background. */
@RestController
class BatchController {
    private final ProvisioningService provisioning;
    private final ProviderRegistry providers;

    BatchController(ProvisioningService provisioning, ProviderRegistry providers) {
        this.provisioning = provisioning;
        this.providers = providers;
    }

    /** The body of {@code POST /api/v1/vms}; {@code image} is one of the image catalog's tags (null: session.image). */
    public record CreateRequest(Integer count, String machineType, String region, String tier, String provider, String image) {
    }

    @PostMapping("/api/v1/vms")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public MachineList create(@RequestBody CreateRequest request, Principal admin) {
        if (request.provider() != null && providers.find(request.provider()).isEmpty()) {
            // refused here, not left to fail in the background as a FAILED machine
            throw new BadRequestException("provider", "provider " + Quote.of(request.provider()) + " is not configured on this allocator; use one of "
                    + providers.all().stream().map(p -> p.name()).collect(Collectors.joining(", ")) + ", or leave provider out");
        }
        var created = provisioning.create(new ProvisioningService.Request(request.count(), request.provider(), request.machineType(),
                request.region(), request.tier(), request.image()), "admin:" + admin.getName()).machines();
        return new MachineList(created.stream().map(MachineView::of).toList());
    }
}
