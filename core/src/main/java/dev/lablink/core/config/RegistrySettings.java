package dev.lablink.core.config;

/**
 * One entry of {@code registries}: an OCI registry the image catalog lists and machines pull from.
 * {@code url} is its address with scheme ({@code https://ghcr.io}); {@code username} with
 * {@code password}, or a {@code token} alone, log in. Credentials reach machines only through the
 * agent's authenticated channel, never in user data, logs or events.
 */
public record RegistrySettings(String name, String url, String username, String password, String token) {

    /** The registry's host[:port], as image references name it ({@code ghcr.io/lab/image:tag}). */
    public String host() {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The registry of {@code registries} that logs in to pull {@code image}: the one with credentials for its host, if any. */
    public static java.util.Optional<RegistrySettings> loginFor(java.util.List<RegistrySettings> registries, String image) {
        String host = ImageReference.parse(image).map(ImageReference::registry).orElse(null);
        return registries.stream().filter(registry -> registry.hasCredentials() && registry.host().equals(host)).findFirst();
    }

    public boolean hasCredentials() {
        return (username != null && password != null) || token != null;
    }

    @Override
    public String toString() {
        return "RegistrySettings[name=" + name + ", url=" + url + ", username=" + username + ", password=" + (password == null ? "unset" : "***")
                + ", token=" + (token == null ? "unset" : "***") + "]";
    }
}
