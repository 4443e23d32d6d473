package dev.lablink.core.config;

/** {@code machine.*}: what each machine is made of, and how many one request may ask for. */
public record MachineSettings(String machineType, String image, String software, String repository,
                              Integer maxCount) {
    public static final int DEFAULT_MAX_COUNT = 100;

    public MachineSettings {
        maxCount = maxCount == null ? DEFAULT_MAX_COUNT : maxCount;
    }
}
