package dev.lablink.core.config;

/** A configuration that cannot be used. The message names the source, the key and the fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
