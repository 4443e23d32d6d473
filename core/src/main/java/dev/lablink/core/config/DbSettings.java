package dev.lablink.core.config;

/** {@code db.*}: an external PostgreSQL; when {@code url} is unset the embedded one is used. */
public record DbSettings(String url, String user, String password) {

    public boolean isExternal() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        return "DbSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "unset" : "***") + "]";
    }
}
