package dev.lablink.server.images;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.RegistrySettings;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.events.EventRepository;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The image catalog: the tags of the images in each configured registry, with digest and size,
 * refreshed by a rescan of one registry or all ("Rescan images", as Backend.AI has it). A rescan runs
 * in the background; {@link ImageStore#begin} makes sure one registry has one rescan at a time, on
 * all allocators together. Each rescan writes an event when it starts and when it ends (with its
 * counts, or FAILED with the registry's reason); no credential is ever in one.
 */
@Service
public class ImageCatalog implements DisposableBean {
    static final String STARTED = "IMAGE_RESCAN_STARTED";
    static final String FINISHED = "IMAGE_RESCAN_FINISHED";
    static final String FAILED = "IMAGE_RESCAN_FAILED";
    private static final Logger log = LoggerFactory.getLogger(ImageCatalog.class);

    private final List<RegistrySettings> registries;
    private final ImageStore store;
    private final EventRepository events;
    private final HttpClient http = RegistryClient.newHttpClient();
    private final ExecutorService rescans = Executors.newVirtualThreadPerTaskExecutor();

    ImageCatalog(LabLinkConfig config, ImageStore store, EventRepository events) {
        this.registries = config.registries();
        this.store = store;
        this.events = events;
    }

    /** What a rescan request started, and the registries left alone because a rescan of theirs was already running. */
    public record Rescans(List<String> started, List<String> alreadyRunning) {
    }

    public List<String> registryNames() {
        return registries.stream().map(RegistrySettings::name).toList();
    }

    public List<RegistrySettings> registries() {
        return registries;
    }

    /** The catalog (of one registry when named); unknown names are refused as {@link #rescan} refuses them. */
    public List<CatalogImage> images(String registry, boolean includeGone) {
        if (registry != null) {
            registry(registry);
        }
        return store.list(registry, includeGone);
    }

    /** Each configured registry's scan, running or last finished; null for one never rescanned. */
    public Map<String, ImageScan> scans() {
        Map<String, ImageScan> byRegistry = new HashMap<>();
        store.scans().forEach(scan -> byRegistry.put(scan.registry(), scan));
        Map<String, ImageScan> configured = new java.util.LinkedHashMap<>();
        registries.forEach(r -> configured.put(r.name(), byRegistry.get(r.name())));
        return configured;
    }

    /** Starts a rescan of the named registry, or of every one when {@code registry} is null; returns at once. */
    public Rescans rescan(String registry, String actor) {
        List<RegistrySettings> chosen = registry == null ? registriesOrRefuse() : List.of(registry(registry));
        List<String> started = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (RegistrySettings r : chosen) {
            if (store.begin(r.name())) {
                started.add(r.name());
                events.record(actor, null, STARTED, "rescan of registry '" + r.name() + "' started");
                rescans.submit(() -> run(r, actor));
            } else {
                running.add(r.name());
            }
        }
        return new Rescans(started, running);
    }

    private void run(RegistrySettings registry, String actor) {
        Instant scannedAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps, so "older than this scan" compares right
        String name = registry.name();
        try {
            int[] total = {0};
            List<CatalogImage> found = new ImageRescan(registry, "registries[" + registries.indexOf(registry) + "]", http).run(scannedAt,
                    count -> {
                        total[0] = count;
                        store.progress(name, 0, count);
                    },
                    done -> store.progress(name, done, total[0]));
            Map<String, String> before = new HashMap<>();
            store.list(name, false).forEach(image -> before.put(image.repository() + ":" + image.tag(), image.digest()));
            long added = found.stream().filter(image -> !before.containsKey(image.repository() + ":" + image.tag())).count();
            long changed = found.stream().filter(image -> {
                String digest = before.get(image.repository() + ":" + image.tag());
                return digest != null && !digest.equals(image.digest());
            }).count();
            int gone = store.replace(name, found, scannedAt);
            String message = found.size() + (found.size() == 1 ? " image" : " images") + ": " + added + " new, " + changed + " changed, " + gone + " gone";
            store.finish(name, ImageScan.OK, message, found.size());
            events.record(actor, null, FINISHED, "registry '" + name + "' rescanned: " + message);
        } catch (RegistryException e) {
            fail(name, actor, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("rescan of registry '{}' failed", name, e);
            fail(name, actor, "the rescan of registry '" + name + "' failed: " + e.getMessage());
        }
    }

    private void fail(String name, String actor, String reason) {
        try {
            store.finish(name, ImageScan.FAILED, reason, null);
            events.record(actor, null, FAILED, "rescan of registry '" + name + "' FAILED: " + reason);
        } catch (RuntimeException e) {
            log.warn("rescan of registry '{}' failed ({}) and could not be recorded: {}", name, reason, e.getMessage());
        }
    }

    private List<RegistrySettings> registriesOrRefuse() {
        if (registries.isEmpty()) {
            throw new BadRequestException("registry", "no registries are configured; add one to lablink.yaml, e.g. "
                    + "registries: [{name: lab, url: https://registry.example.org}], and restart the allocator");
        }
        return registries;
    }

    private RegistrySettings registry(String name) {
        return registriesOrRefuse().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new BadRequestException("registry", "'" + name + "' is not a configured registry; the configured ones are: "
                        + String.join(", ", registryNames())));
    }

    @Override
    public void destroy() {
        rescans.shutdownNow();
        http.shutdownNow();
    }
}
