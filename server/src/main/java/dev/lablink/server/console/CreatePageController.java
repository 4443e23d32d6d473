package dev.lablink.server.console;

import dev.lablink.server.api.Quote;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.provisioning.BatchImage;
import dev.lablink.server.provisioning.CatalogImages;
import dev.lablink.server.provisioning.ProvisioningService;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Create machines, then follow the batch live from PROVISIONING to READY (or each failure's reason). */
@Controller
class CreatePageController {
    private final ProvisioningService provisioning;
    private final MachineRepository machines;
    private final LabLinkConfig config;
    private final dev.lablink.server.events.EventRepository events;
    private final CatalogImages catalog;

    CreatePageController(ProvisioningService provisioning, MachineRepository machines, LabLinkConfig config,
                         dev.lablink.server.events.EventRepository events, CatalogImages catalog) {
        this.catalog = catalog;
        this.events = events;
        this.provisioning = provisioning;
        this.machines = machines;
        this.config = config;
    }

    @GetMapping("/admin/machines/new")
    String form(Model model) {
        addForm(model, "1", null, null, null, defaultImage());
        return "console/create";
    }

    @PostMapping("/admin/machines")
    String create(@RequestParam(name = "count", required = false) String count,
                  @RequestParam(name = "machine_type", required = false) String machineType,
                  @RequestParam(name = "region", required = false) String region,
                  @RequestParam(name = "tier", required = false) String tier,
                  @RequestParam(name = "image", required = false) String image,
                  Principal admin, Model model, HttpServletResponse response) {
        try {
            ProvisioningService.Batch batch = provisioning.create(new ProvisioningService.Request(parseCount(count), null, blankToNull(machineType),
                    blankToNull(region), blankToNull(tier), blankToNull(image)), "admin:" + admin.getName());
            return "redirect:/admin/batches/" + batch.id();
        } catch (BadRequestException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("problemField", e.field());
        } catch (ProviderException e) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            model.addAttribute("problem", e.getMessage());
        }
        addForm(model, count, machineType, region, tier, image);
        return "console/create";
    }

    @GetMapping("/admin/batches/{id}")
    String batch(@PathVariable long id, Model model) {
        addBatch(id, model);
        return "console/batch";
    }

    @GetMapping("/admin/batches/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        addBatch(id, model);
        return "console/batch :: progress";
    }

    private void addBatch(long id, Model model) {
        List<Machine> batch = machines.findByBatch(id);
        if (batch.isEmpty()) {
            throw new NotFoundException("no batch " + id + "; batches are listed on the machines page");
        }
        model.addAttribute("batchId", id);
        model.addAttribute("machines", batch);
        model.addAttribute("placement", events.page(null, 50, batch.getFirst().name()).stream()
                .filter(event -> event.type().equals("PLACEMENT")).map(dev.lablink.server.events.Event::message).findFirst().orElse(null));
        model.addAttribute("ready", batch.stream().filter(m -> m.state() == MachineState.READY || m.state().holdsSeat()).count());
        model.addAttribute("failed", batch.stream().filter(m -> m.state() == MachineState.FAILED).count());
        model.addAttribute("starting", batch.stream()
                .filter(m -> m.state() == MachineState.PROVISIONING || m.state() == MachineState.BOOTING).count());
    }

    private void addForm(Model model, String count, String machineType, String region, String tier, String image) {
        model.addAttribute("count", count);
        model.addAttribute("image", image);
        model.addAttribute("images", catalog.live());
        model.addAttribute("configImage", config.session().runsImage() ? config.session().image() : null);
        model.addAttribute("tier", tier);
        model.addAttribute("tiers", dev.lablink.core.placement.GpuTier.labels());
        model.addAttribute("defaultPlacement", config.machine().tier() != null ? "tier " + config.machine().tier()
                : !config.machine().choices().isEmpty() ? "machine.choices from config" : null);
        model.addAttribute("machineType", machineType);
        model.addAttribute("region", region);
        model.addAttribute("maxCount", config.machine().maxCount());
        model.addAttribute("provider", config.provider());
        model.addAttribute("defaultMachineType", config.machine().machineType());
        model.addAttribute("defaultRegion", config.app().region());
    }

    /** The catalog's tag for session.image, chosen when the form opens; null ("as in config") when the catalog lacks it. */
    private String defaultImage() {
        String configured = config.session().runsImage() ? config.session().image() : null;
        return configured == null ? null : BatchImage.matches(configured, catalog.live()).stream()
                .findFirst().map(CatalogImages.Tag::reference).orElse(null);
    }

    private static Integer parseCount(String count) {
        if (count == null || count.isBlank()) {
            return null; // the service explains that count is required
        }
        try {
            return Integer.valueOf(count.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("count", "count must be a whole number, like 2; got " + Quote.of(count));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
