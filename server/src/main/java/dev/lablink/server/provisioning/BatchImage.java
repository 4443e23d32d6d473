package dev.lablink.server.provisioning;

import dev.lablink.core.config.ImageReference;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.api.BadRequestException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.stereotype.Component;

/**
 * The image a new batch launches, pinned by digest from the image catalog, so that a later push to
 * the same tag does not change machines silently: the batch's machines (and their replacements)
 * keep running the digest they were created with.
 *
 * <p>An image the admin names ({@code localhost:5000/lab/tools:1.2}, or {@code lab/tools:1.2} when
 * one configured registry has it) must be a live tag of the catalog; one already pinned
 * ({@code …@sha256:…}) is taken as written. Without one, {@code session.image} is pinned when the
 * catalog knows its tag, else kept as written (no registries, or not scanned yet).
 */
@Component
public class BatchImage {
    static final String RESCAN_HINT = "after a push, run lablink images rescan (or Rescan images on the Images page)";
    private static final int SUGGESTIONS = 3;

    private final CatalogImages catalog;
    private final LabLinkConfig config;

    public BatchImage(CatalogImages catalog, LabLinkConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /**
     * @param requested the image a create request names, null for session.image
     * @return what the batch's machines record in {@code machines.image}; null when the session runs no image
     */
    public String choose(String requested) {
        if (requested == null || requested.isBlank()) {
            String configured = config.session().runsImage() ? config.session().image() : null;
            if (configured == null) {
                return null;
            }
            List<CatalogImages.Tag> matches = matches(configured.trim(), catalog.live());
            return matches.size() == 1 ? matches.getFirst().pinned() : configured.trim();
        }
        String text = requested.trim();
        ImageReference reference = ImageReference.parse(text)
                .orElseThrow(() -> new BadRequestException("image", "image: " + ImageReference.problem(text)));
        if (reference.digest() != null) {
            return text; // already pinned: nothing a push can change
        }
        List<CatalogImages.Tag> matches = matches(text, catalog.live());
        if (matches.isEmpty()) {
            throw new BadRequestException("image", notInCatalog(text, reference));
        }
        if (matches.size() > 1) {
            throw new BadRequestException("image", "image: " + text + " is in " + matches.size() + " registries ("
                    + matches.stream().map(CatalogImages.Tag::reference).collect(Collectors.joining(", ")) + "); write the one you mean with its host");
        }
        return matches.getFirst().pinned();
    }

    /** The live tags {@code text} names: by host when it writes one, else in any configured registry. */
    public static List<CatalogImages.Tag> matches(String text, List<CatalogImages.Tag> tags) {
        Optional<ImageReference> parsed = ImageReference.parse(text);
        if (parsed.isEmpty() || parsed.get().digest() != null) {
            return List.of();
        }
        ImageReference reference = parsed.get();
        boolean hostWritten = text.startsWith(reference.registry() + "/");
        // "python:3.12" is Docker Hub's library/python to a pull, but a registry's catalog lists it as written
        String asWritten = !hostWritten && reference.repository().startsWith("library/") && !text.startsWith("library/")
                ? reference.repository().substring("library/".length()) : reference.repository();
        return tags.stream()
                .filter(tag -> tag.tag().equals(reference.tagOrLatest()))
                .filter(tag -> hostWritten ? tag.host().equals(reference.registry()) && tag.repository().equals(reference.repository())
                        : tag.repository().equals(reference.repository()) || tag.repository().equals(asWritten))
                .toList();
    }

    private String notInCatalog(String text, ImageReference reference) {
        if (config.registries().isEmpty()) {
            return "image: " + text + " is not in the image catalog: no registries are configured; add the registry under registries:"
                    + " in lablink.yaml and run lablink images rescan, or pin the image by digest (…@sha256:…)";
        }
        List<CatalogImages.Tag> live = catalog.live();
        if (live.isEmpty()) {
            return "image: " + text + " is not in the image catalog, which lists no images yet; run lablink images rescan";
        }
        String wanted = reference.registry() + "/" + reference.repository() + ":" + reference.tagOrLatest();
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String nearest = live.stream()
                .sorted(Comparator.comparingInt((CatalogImages.Tag tag) -> distance.apply(wanted, tag.reference()))
                        .thenComparing(CatalogImages.Tag::reference))
                .limit(SUGGESTIONS)
                .map(CatalogImages.Tag::reference)
                .collect(Collectors.joining(", "));
        return "image: " + text + " is not in the image catalog; nearest: " + nearest + "; " + RESCAN_HINT;
    }
}
