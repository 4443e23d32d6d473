package dev.lablink.core.config;

/**
 * {@code app.*}: the admin account, the default region, and the deployment name that tags every
 * cloud resource this allocator creates (so two deployments in one account never touch each other's).
 */
public record AppSettings(String adminUser, String adminPassword, String region, String deployment) {
    public static final String DEFAULT_ADMIN_USER = "admin";
    public static final String DEFAULT_DEPLOYMENT = "lablink";

    public AppSettings {
        adminUser = adminUser == null ? DEFAULT_ADMIN_USER : adminUser;
        deployment = deployment == null ? DEFAULT_DEPLOYMENT : deployment;
    }

    public boolean hasAdminPassword() {
        return adminPassword != null && !adminPassword.isEmpty();
    }

    @Override
    public String toString() {
        return "AppSettings[adminUser=" + adminUser + ", adminPassword=" + (hasAdminPassword() ? "***" : "unset")
                + ", region=" + region + ", deployment=" + deployment + "]";
    }
}
