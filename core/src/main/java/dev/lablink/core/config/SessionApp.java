package dev.lablink.core.config;

/**
 * One entry of {@code session.apps}: a web app the session serves on a port of the machine, reached
 * by participants at {@code /m/<machine>/<name>/} through the allocator. {@code path} is where the
 * app's first page is under that prefix (default {@code /}); {@code label} is the button's text
 * (default the name).
 */
public record SessionApp(String name, Integer port, String path, String label) {
    public SessionApp {
        path = path == null || path.isBlank() ? "/" : path;
        label = label == null || label.isBlank() ? name : label;
    }
}
