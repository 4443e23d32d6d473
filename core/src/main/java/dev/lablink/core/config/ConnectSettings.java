package dev.lablink.core.config;

import java.util.List;

/**
 * {@code connect.*}: how a participant reaches their machine, shown on their seat page.
 * {@code none} shows the machine's name only (the session is the whole point, e.g. a batch job);
 * {@code url} links to an app the session serves, {@code url} being a template in which
 * {@code {machine}} stands for the machine's name.
 */
public record ConnectSettings(String method, String url) {
    public static final String NONE = "none";
    public static final String URL = "url";
    public static final List<String> METHODS = List.of(NONE, URL);

    public ConnectSettings {
        method = method == null ? NONE : method;
    }

    /** The link for one machine; only meaningful with method {@code url}. */
    public String urlFor(String machineName) {
        return url.replace("{machine}", machineName);
    }
}
