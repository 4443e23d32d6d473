package dev.lablink.core.config;

/** {@code images.*}: the image catalog; {@code rescan_minutes} is how often each registry is listed again (0: only on request). */
public record ImagesSettings(Integer rescanMinutes) {
    public static final int DEFAULT_RESCAN_MINUTES = 60;

    public ImagesSettings {
        rescanMinutes = rescanMinutes == null ? DEFAULT_RESCAN_MINUTES : rescanMinutes;
    }

    public static ImagesSettings defaults() {
        return new ImagesSettings(null);
    }
}
