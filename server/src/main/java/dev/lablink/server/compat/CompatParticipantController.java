package dev.lablink.server.compat;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.allocation.CrdSecrets;
import dev.lablink.server.allocation.NoFreeSeatException;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.machines.MachineService;
import dev.lablink.server.provisioning.ProvisioningService;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The participant and admin routes of LabLink's protocol: the request form its pages post, and
 * the admin's launch and destroy. Same services as our own pages; errors keep their status
 * (400, 409) instead of LabLink's HTML with 200.
 */
@Controller
public class CompatParticipantController {
    private final ClaimService claims;
    private final CrdSecrets crd;
    private final ProvisioningService provisioning;
    private final MachineService machines;
    private final LabLinkConfig config;

    public CompatParticipantController(ClaimService claims, CrdSecrets crd, ProvisioningService provisioning, MachineService machines,
                                       LabLinkConfig config) {
        this.claims = claims;
        this.crd = crd;
        this.provisioning = provisioning;
        this.machines = machines;
        this.config = config;
    }

    /** Form {@code email} and {@code crd_command}: the seat page with the machine and its PIN, or the form with the problem. */
    @PostMapping("/api/request_vm")
    String requestVm(@RequestParam(name = "email", required = false) String email,
                     @RequestParam(name = "crd_command", required = false) String crdCommand,
                     Model model, HttpServletResponse response) {
        model.addAttribute("connect", config.connect());
        model.addAttribute("email", email);
        model.addAttribute("crdCommand", crdCommand);
        if (!config.compat().enabled()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("status", 404);
            model.addAttribute("error", "Not found");
            model.addAttribute("detail", CompatBodies.OFF);
            return "error";
        }
        if (email == null || email.isBlank() || crdCommand == null || crdCommand.isBlank()) {
            return refused(model, response, "email", "Email and CRD command are required.");
        }
        try {
            Claim claim = claims.claim(email, crdCommand).claim();
            model.addAttribute("claim", claim);
            model.addAttribute("crd", crd.of(claim.id()).orElse(null));
            return "participant/seat";
        } catch (BadRequestException invalid) {
            return refused(model, response, invalid.field(), invalid.getMessage());
        } catch (NoFreeSeatException none) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("seats", none.counts());
            return "participant/no-seat";
        }
    }

    private String refused(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("seats", claims.seats());
        model.addAttribute("error", message);
        model.addAttribute("errorField", field);
        return "participant/request";
    }

    /** Admin, form {@code num_vms}: launches that many more machines. */
    @PostMapping("/api/launch")
    @ResponseBody
    ResponseEntity<Map<String, Object>> launch(@RequestParam(name = "num_vms", required = false) String count, Principal admin) {
        if (!config.compat().enabled()) {
            return CompatBodies.off();
        }
        int number;
        try {
            number = Integer.parseInt(count == null ? "" : count.trim());
        } catch (NumberFormatException e) {
            return CompatBodies.error(HttpStatus.BAD_REQUEST, "num_vms must be a whole number of VMs to launch; got '" + count + "'.");
        }
        try {
            int created = provisioning.create(number, null, null, "admin:" + admin.getName()).machines().size();
            return CompatBodies.message("Launching " + created + " VMs.");
        } catch (BadRequestException e) {
            return CompatBodies.error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** Admin: destroys every machine. */
    @PostMapping("/destroy")
    @ResponseBody
    ResponseEntity<Map<String, Object>> destroy(Principal admin) {
        if (!config.compat().enabled()) {
            return CompatBodies.off();
        }
        return CompatBodies.message("Destroying " + machines.destroyAllInBackground("admin:" + admin.getName()) + " VMs.");
    }
}
