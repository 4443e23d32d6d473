package dev.lablink.core.provider;

/** A provider's refusal or failure, with a message fit to show an admin. */
public class ProviderException extends RuntimeException {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
