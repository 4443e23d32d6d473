package dev.lablink.server.images;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The image catalog over the API: list it, see each registry's rescan, start one. */
@RestController
@RequestMapping("/api/v1/images")
public class ImageController {
    private final ImageCatalog catalog;

    public ImageController(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /** A registry as configured (never its credentials) with its rescan, running or last. */
    public record RegistryView(String name, String url, ScanView scan) {
    }

    public record ScanView(boolean running, Instant startedAt, Instant finishedAt, String outcome, String message, Integer imageCount,
                           Integer tagsDone, Integer tagsTotal, String summary) {
        static ScanView of(ImageScan scan) {
            return scan == null ? null : new ScanView(scan.running(), scan.startedAt(), scan.finishedAt(), scan.outcome(), scan.message(),
                    scan.imageCount(), scan.tagsDone(), scan.tagsTotal(), scan.summary());
        }
    }

    public record Catalog(List<CatalogImage> images, List<RegistryView> registries) {
    }

    @GetMapping
    public Catalog list(@RequestParam(name = "registry", required = false) String registry,
                        @RequestParam(name = "gone", defaultValue = "false") boolean includeGone) {
        List<CatalogImage> images = catalog.images(registry, includeGone);
        return new Catalog(images, registries());
    }

    @GetMapping("/scans")
    public List<RegistryView> scans() {
        return registries();
    }

    @PostMapping("/rescan")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ImageCatalog.Rescans rescan(@RequestParam(name = "registry", required = false) String registry, Principal admin) {
        return catalog.rescan(registry == null || registry.isBlank() ? null : registry.trim(), "admin:" + admin.getName());
    }

    private List<RegistryView> registries() {
        var scans = catalog.scans();
        return catalog.registries().stream().map(r -> new RegistryView(r.name(), r.url(), ScanView.of(scans.get(r.name())))).toList();
    }
}
