package dev.lablink.agent;

/** Takes credentials out of text the agent reports: {@code https://user:token@host/…} becomes {@code https://***@host/…}. */
final class Redact {
    private Redact() {
    }

    static String userInfo(String text) {
        return text == null ? null : text.replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1***@");
    }
}
