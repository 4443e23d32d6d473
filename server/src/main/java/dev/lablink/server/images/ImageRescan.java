package dev.lablink.server.images;

import dev.lablink.core.config.RegistrySettings;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One registry's rescan: list its repositories and their tags, then read each tag's manifest
 * (a few at a time, so a registry of many tags is not hit all at once) for its digest and size.
 * Either every tag is read and the result is the registry's new catalog, or it fails as a whole
 * with the registry's first error: a half-read registry must not mark the rest gone.
 */
final class ImageRescan {
    static final int CONCURRENT_MANIFESTS = 4;

    private final RegistrySettings registry;
    private final RegistryClient client;

    ImageRescan(RegistrySettings registry, String key, HttpClient http) {
        this.registry = registry;
        this.client = new RegistryClient(registry, key, http);
    }

    record Tag(String repository, String tag) {
    }

    /** The tags listed now, each with its manifest; {@code onTotal} hears how many tags there are, {@code onDone} each one read. */
    List<CatalogImage> run(Instant scannedAt, IntConsumer onTotal, IntConsumer onDone) {
        client.ping();
        List<Tag> tags = new ArrayList<>();
        for (String repository : client.repositories()) {
            client.tags(repository).forEach(tag -> tags.add(new Tag(repository, tag)));
        }
        onTotal.accept(tags.size());
        AtomicInteger done = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENT_MANIFESTS);
        List<Future<CatalogImage>> reads = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Tag tag : tags) {
                reads.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        ImageManifest manifest = client.manifest(tag.repository(), tag.tag());
                        return manifest == null ? null : new CatalogImage(registry.name(), tag.repository(), tag.tag(),
                                registry.host() + "/" + tag.repository() + ":" + tag.tag(), manifest.digest(), manifest.sizeBytes(), scannedAt, null);
                    } finally {
                        slots.release();
                        onDone.accept(done.incrementAndGet());
                    }
                }));
            }
            List<CatalogImage> found = new ArrayList<>();
            for (Future<CatalogImage> read : reads) {
                CatalogImage image = read.get();
                if (image != null) { // a tag deleted between the listing and its manifest is simply not there any more
                    found.add(image);
                }
            }
            return found;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new RegistryException("the rescan of registry '" + registry.name() + "' failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("the rescan of registry '" + registry.name() + "' was stopped");
        } finally {
            threads.shutdownNow(); // after a failure, the reads still waiting are not worth their time
        }
    }
}
