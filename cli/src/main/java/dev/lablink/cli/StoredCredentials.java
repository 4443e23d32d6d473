package dev.lablink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Tokens from {@code lablink login}, one per allocator URL, in {@code ~/.config/lablink/credentials.json}
 * ({@code $XDG_CONFIG_HOME} when set; {@code LABLINK_CONFIG_HOME} overrides both), readable by its owner only.
 */
final class StoredCredentials {
    /** Stands in for the config folder in tests. */
    static Path folderOverride;

    private StoredCredentials() {
    }

    static Path file() {
        if (folderOverride != null) {
            return folderOverride.resolve("credentials.json");
        }
        String own = System.getenv("LABLINK_CONFIG_HOME");
        if (own != null && !own.isBlank()) {
            return Path.of(own, "credentials.json");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("lablink").resolve("credentials.json");
    }

    static Optional<String> tokenFor(String url) {
        return Optional.ofNullable(read().get(normalized(url)));
    }

    static void store(String url, String token) {
        Map<String, String> all = read();
        all.put(normalized(url), token);
        write(all);
    }

    static boolean remove(String url) {
        Map<String, String> all = read();
        boolean had = all.remove(normalized(url)) != null;
        if (had) {
            write(all);
        }
        return had;
    }

    private static String normalized(String url) {
        return url == null ? "" : url.trim().replaceFirst("/+$", "");
    }

    private static Map<String, String> read() {
        Map<String, String> all = new TreeMap<>();
        Path file = file();
        if (!Files.exists(file)) {
            return all;
        }
        try {
            JsonNode json = ApiClient.JSON.readTree(Files.readString(file));
            json.properties().forEach(e -> all.put(e.getKey(), e.getValue().asString()));
            return all;
        } catch (IOException | JacksonException e) {
            throw new CliException(file + " cannot be read (" + e.getMessage() + "); delete it and run lablink login again");
        }
    }

    private static void write(Map<String, String> all) {
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "credentials", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the user's profile folder is private already
            }
            Files.writeString(temporary, ApiClient.pretty(all));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
