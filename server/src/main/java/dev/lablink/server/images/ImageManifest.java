package dev.lablink.server.images;

/**
 * What a tag names: the digest of its manifest (or index) and the image's size, its config and
 * layers as the manifest states them; for an index, those of its linux/amd64 image (else its first).
 * {@code sizeBytes} is null where the manifest gives no sizes (Docker's old schema 1).
 */
public record ImageManifest(String digest, Long sizeBytes) {
}
