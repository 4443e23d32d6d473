package dev.lablink.server.console;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.images.CatalogImage;
import dev.lablink.server.images.ImageCatalog;
import dev.lablink.server.images.ImageScan;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The image catalog page: each registry's images and last rescan, and "Rescan images" per registry or for all. */
@Controller
class ImagesPageController {
    private final ImageCatalog catalog;

    ImagesPageController(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/admin/images")
    String page(Model model) {
        addCatalog(model);
        return "console/images";
    }

    /** The registries and the table, polled while a rescan runs (its progress, then its result). */
    @GetMapping("/admin/images/catalog")
    String catalog(Model model) {
        addCatalog(model);
        return "console/images :: catalog";
    }

    @PostMapping("/admin/images/rescan")
    String rescan(@RequestParam(name = "registry", required = false) String registry, Principal admin, RedirectAttributes redirect) {
        try {
            ImageCatalog.Rescans rescans = catalog.rescan(registry == null || registry.isBlank() ? null : registry, "admin:" + admin.getName());
            String notice = rescans.started().isEmpty() ? "" : "Rescanning " + String.join(", ", rescans.started()) + ".";
            if (!rescans.alreadyRunning().isEmpty()) {
                notice += (notice.isEmpty() ? "" : " ") + "Already rescanning " + String.join(", ", rescans.alreadyRunning()) + ".";
            }
            redirect.addFlashAttribute("notice", notice);
        } catch (BadRequestException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/images";
    }

    private void addCatalog(Model model) {
        Map<String, ImageScan> scans = catalog.scans();
        List<CatalogImage> images = catalog.images(null, false);
        model.addAttribute("registries", catalog.registries());
        model.addAttribute("scans", scans);
        model.addAttribute("images", images);
        model.addAttribute("rescanning", scans.values().stream().anyMatch(scan -> scan != null && scan.running()));
    }
}
