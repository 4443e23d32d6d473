package dev.lablink.server.console;

import dev.lablink.core.provider.ProviderException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.reconcile.Reconciliation;
import dev.lablink.server.reconcile.ReconciliationService;
import java.security.Principal;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview's "Recalculate usage" button and the orphans' destroy buttons. */
@Controller
class UsagePageController {
    private final ReconciliationService reconciliation;

    UsagePageController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @PostMapping("/admin/reconcile")
    String reconcile(Principal admin, RedirectAttributes flash) {
        Reconciliation result = reconciliation.reconcile(false, "admin:" + admin.getName());
        flash.addFlashAttribute("notice", "Usage recalculated: " + result.providers().stream()
                .map(p -> p.error() != null ? p.provider() + " could not be asked (" + p.error() + ")"
                        : p.provider() + " runs " + p.running() + (p.lost() > 0 ? ", lost " + p.lost() : "")
                        + (p.orphans() > 0 ? ", " + p.orphans() + " orphans" : ""))
                .collect(Collectors.joining("; ")) + ".");
        return "redirect:/admin";
    }

    @PostMapping("/admin/orphans/{provider}/{providerId}/destroy")
    String destroyOrphan(@PathVariable String provider, @PathVariable String providerId, Principal admin, RedirectAttributes flash) {
        try {
            reconciliation.destroyOrphan(provider, providerId, "admin:" + admin.getName());
            flash.addFlashAttribute("notice", "Destroyed " + providerId + " at " + provider + ".");
        } catch (NotFoundException | ProviderException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin";
    }
}
