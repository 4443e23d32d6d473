package dev.lablink.core.config;

import java.util.List;

/**
 * {@code connect.*}: how a participant reaches their machine, shown on their seat page.
 * {@code none} shows the machine's name only (the session is the whole point, e.g. a batch job);
 * {@code url} links to an app the session serves, {@code url} being a template in which
 * {@code {machine}} stands for the machine's name; {@code crd} connects through Chrome Remote
 * Desktop. {@code secret_key} (base64, 32 bytes) encrypts what participants give (CRD codes, PINs)
 * at rest; left out, each allocator keeps a generated key under its data directory, so allocators
 * sharing one database must set the same key here.
 */
public record ConnectSettings(String method, String url, String secretKey) {
    public static final String NONE = "none";
    public static final String URL = "url";
    /** Chrome Remote Desktop: the participant pastes the command Google shows; the machine runs start-host with a PIN. */
    public static final String CRD = "crd";
    public static final List<String> METHODS = List.of(NONE, URL, CRD);

    public ConnectSettings {
        method = method == null ? NONE : method;
    }

    public boolean isCrd() {
        return CRD.equals(method);
    }

    @Override
    public String toString() {
        return "ConnectSettings[method=" + method + ", url=" + url + ", secretKey=" + (secretKey == null ? "unset" : "***") + "]";
    }

    /** The link for one machine; only meaningful with method {@code url}. */
    public String urlFor(String machineName) {
        return url.replace("{machine}", machineName);
    }
}
