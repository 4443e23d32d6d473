package dev.lablink.provider.gce;

import java.util.List;

/**
 * {@code gce.*}: the Google Compute Engine provider. Credentials are Application Default
 * Credentials ({@code gcloud auth application-default login}, a service account key in
 * {@code GOOGLE_APPLICATION_CREDENTIALS}, or the metadata server on Google Cloud).
 * {@code instance_name} names instances from {@code {machine}}, {@code {number}} (the machine's
 * number), {@code {user}} (who asked for it), {@code {date}} (yyyymmdd) and {@code {deployment}}.
 */
public record GceSettings(String project, List<String> zones, String image, String network, Integer diskSizeGb,
                          String acceleratorType, Integer acceleratorCount, String instanceName, String endpoint) {
    public static final String DEFAULT_IMAGE = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts";
    /** epic-lab's convention: instances named {@code username-<suffix>}, the suffix starting with the launch date. */
    public static final String EPIC_LAB_NAMES = "{user}-{date}-{number}";

    public GceSettings {
        zones = zones == null || zones.isEmpty() ? List.of("us-central1-a") : List.copyOf(zones);
        image = image == null ? DEFAULT_IMAGE : image;
        network = network == null ? "global/networks/default" : network;
        diskSizeGb = diskSizeGb == null ? 100 : diskSizeGb;
        acceleratorCount = acceleratorCount == null ? 0 : acceleratorCount;
        instanceName = instanceName == null ? "{machine}" : instanceName;
    }
}
