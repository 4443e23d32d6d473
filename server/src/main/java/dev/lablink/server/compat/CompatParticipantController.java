package dev.lablink.server.compat;

import dev.lablink.server.api.Quote;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.ErrorPage;
import dev.lablink.server.machines.MachineService;
import dev.lablink.server.participant.ClaimPages;
import dev.lablink.server.provisioning.ProvisioningService;
import jakarta.servlet.http.HttpServletRequest;
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
    private final ClaimPages pages;
    private final ProvisioningService provisioning;
    private final MachineService machines;
    private final LabLinkConfig config;

    public CompatParticipantController(ClaimPages pages, ProvisioningService provisioning, MachineService machines, LabLinkConfig config) {
        this.pages = pages;
        this.provisioning = provisioning;
        this.machines = machines;
        this.config = config;
    }

    /** Form {@code email} and {@code crd_command}: the seat page with the machine and its PIN, or the form with the problem. */
    @PostMapping("/api/request_vm")
    String requestVm(@RequestParam(name = "email", required = false) String email,
                     @RequestParam(name = "crd_command", required = false) String crdCommand,
                     HttpServletRequest request, Model model, HttpServletResponse response) {
        if (!config.compat().enabled()) {
            return ErrorPage.render(HttpStatus.NOT_FOUND, CompatBodies.OFF, model, response);
        }
        if (email == null || email.isBlank() || crdCommand == null || crdCommand.isBlank()) {
            model.addAttribute("email", email);
            model.addAttribute("crdCommand", crdCommand);
            return pages.refused(model, response, "email", "Email and CRD command are required.");
        }
        return pages.claim(request, email, crdCommand, false, model, response, claim -> {
            pages.addSeat(model, claim);
            return "participant/seat";
        });
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
            return CompatBodies.error(HttpStatus.BAD_REQUEST, "num_vms must be a whole number of VMs to launch; got " + Quote.of(count) + ".");
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
