package dev.lablink.core.config;

import java.util.List;

/**
 * {@code connect.*}: how a participant reaches their machine, shown on their seat page.
 * {@code none} shows the machine's name only (the session is the whole point, e.g. a batch job);
 * {@code url} links to an app the session serves, {@code url} being a template in which
 * {@code {machine}} stands for the machine's name; {@code crd} connects through Chrome Remote
 * Desktop; {@code apps} shows one button per {@code session.apps} entry (and the ssh command when
 * {@code session.ssh.port} is set); {@code ssh} shows the {@code lablink ssh} command and the form
 * for the participant's public key. In {@code url}, {@code {address}} stands for the machine's
 * address (when its provider reports one) and {@code {port}} for the first app's port (else the
 * ssh port). {@code secret_key} (base64, 32 bytes) encrypts what participants give (CRD codes, PINs)
 * at rest; left out, each allocator keeps a generated key under its data directory, so allocators
 * sharing one database must set the same key here.
 */
public record ConnectSettings(String method, String url, String secretKey) {
    public static final String NONE = "none";
    public static final String URL = "url";
    /** Chrome Remote Desktop: the participant pastes the command Google shows; the machine runs start-host with a PIN. */
    public static final String CRD = "crd";
    /** One button per session app, served by the allocator at /m/&lt;machine&gt;/&lt;app&gt;/. */
    public static final String APPS = "apps";
    /** The participant pastes a public key and gets the lablink ssh command. */
    public static final String SSH = "ssh";
    public static final List<String> METHODS = List.of(NONE, URL, CRD, APPS, SSH);

    /** {@code method} left out becomes {@code apps} when the session declares apps, else {@code none} ({@link LabLinkConfig}). */
    public ConnectSettings {
    }

    ConnectSettings withMethod(String newMethod) {
        return new ConnectSettings(newMethod, url, secretKey);
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
        return urlFor(machineName, null, null);
    }

    /**
     * The link for one machine, {@code {address}} and {@code {port}} filled in too (empty when
     * unknown: the provider reports no address, or the session declares no port).
     */
    public String urlFor(String machineName, String address, Integer port) {
        return url.replace("{machine}", machineName)
                .replace("{address}", address == null ? "" : address)
                .replace("{port}", port == null ? "" : port.toString());
    }

    /** Whether the seat page shows the session's app buttons. */
    public boolean showsApps() {
        return APPS.equals(method);
    }

    /** Whether the seat page offers ssh: method ssh, or apps with an ssh port declared (everything the session has). */
    public boolean showsSsh(SessionSettings session) {
        return SSH.equals(method) || (APPS.equals(method) && session.ssh().isEnabled());
    }
}
