package dev.lablink.provider.local;

/** The local provider has nothing to configure: it needs no account and runs machines on this host. So it has no section in lablink.yaml. */
public record LocalSettings() {
}
