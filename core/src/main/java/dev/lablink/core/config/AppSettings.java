package dev.lablink.core.config;

/** {@code app.*}: the admin account and the default region. */
public record AppSettings(String adminUser, String adminPassword, String region) {
    public static final String DEFAULT_ADMIN_USER = "admin";

    public AppSettings {
        adminUser = adminUser == null ? DEFAULT_ADMIN_USER : adminUser;
    }

    public boolean hasAdminPassword() {
        return adminPassword != null && !adminPassword.isEmpty();
    }

    @Override
    public String toString() {
        return "AppSettings[adminUser=" + adminUser + ", adminPassword=" + (hasAdminPassword() ? "***" : "unset")
                + ", region=" + region + "]";
    }
}
