package dev.lablink.core.config;

/** {@code reconcile.*}: how often the database is compared with what each provider runs. */
public record ReconcileSettings(Integer intervalSeconds, Boolean destroyOrphans) {
    public ReconcileSettings {
        intervalSeconds = intervalSeconds == null ? 300 : intervalSeconds;
        destroyOrphans = destroyOrphans != null && destroyOrphans;
    }
}
