package dev.lablink.core.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image reference, {@code [registry/]repository[:tag][@digest]}, read by the grammar of the
 * distribution project's reference package: the first part names a registry when it has a dot, a
 * port or is {@code localhost}; otherwise the image is Docker Hub's ({@code docker.io}, one-part names
 * under {@code library/}).
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(?<registry>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?"
                    + "(?<path>" + COMPONENT + "(?:/" + COMPONENT + ")*)"
                    + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
                    + "(?:@(?<digest>sha256:[a-f0-9]{64}))?");

    /** The reference, or empty when {@code text} is not one. */
    public static Optional<ImageReference> parse(String text) {
        if (text == null || text.length() > 255 + 128 + 72) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String registry = m.group("registry");
        String path = m.group("path");
        if (registry != null && !registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            path = registry + "/" + path; // "lab/image": a Docker Hub user, not a registry
            registry = null;
        }
        if (registry != null && !registry.equals(registry.toLowerCase()) && !registry.contains(".")) {
            return Optional.empty();
        }
        if (registry == null) {
            registry = DOCKER_HUB;
            path = path.contains("/") ? path : "library/" + path;
        }
        return Optional.of(new ImageReference(registry, path, m.group("tag"), m.group("digest")));
    }

    /** Why {@code text} is not an image reference, for a message naming the key. */
    public static String problem(String text) {
        return "'" + text + "' is not an image reference; write it like quay.io/jupyter/base-notebook:2024-12-02,"
                + " ghcr.io/lab/tools@sha256:<64 hex digits> or python:3.12 (lower-case repository names)";
    }

    /** The same image pinned to {@code newDigest}: {@code registry/repository@sha256:…} (the tag kept for readers). */
    public ImageReference pinnedTo(String newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** The tag a pull takes when neither tag nor digest is given. */
    public String tagOrLatest() {
        return tag == null ? "latest" : tag;
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
