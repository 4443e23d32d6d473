package dev.lablink.fakecloud;

/** An instance a fake cloud launched, with the first-boot script it was given (null if none). */
public record LaunchedInstance(String cloud, String id, String name, String machineType, String region, String userData) {
}
