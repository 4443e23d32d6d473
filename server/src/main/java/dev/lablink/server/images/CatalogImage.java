package dev.lablink.server.images;

import java.time.Instant;

/** One row of the image catalog: a tag of a repository in a configured registry, as the last rescan that listed it saw it. */
public record CatalogImage(String registry, String repository, String tag, String reference, String digest, Long sizeBytes,
                           Instant scannedAt, Instant goneAt) {
}
