package dev.lablink.core.config;

import java.util.List;

/**
 * {@code mail.*}: the SMTP server that sends participants their sign-in links. Unset
 * {@code host}: no mail is sent. {@code security} is {@code starttls} (default, port 587),
 * {@code tls} (port 465) or {@code none} (port 25, for a relay on the same host).
 */
public record MailSettings(String host, Integer port, String security, String user, String password, String from) {
    public static final String STARTTLS = "starttls";
    public static final String TLS = "tls";
    public static final String NONE = "none";
    public static final List<String> SECURITY = List.of(STARTTLS, TLS, NONE);

    public MailSettings {
        security = security == null ? STARTTLS : security;
        port = port != null ? port : switch (security) {
            case TLS -> 465;
            case NONE -> 25;
            default -> 587;
        };
    }

    public static MailSettings defaults() {
        return new MailSettings(null, null, null, null, null, null);
    }

    public boolean isConfigured() {
        return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", security=" + security + ", user=" + user
                + ", password=" + (password == null ? "unset" : "***") + ", from=" + from + "]";
    }
}
