package dev.lablink.server.images;

/** A registry could not be listed; the message, in words, names the registry and never holds a credential. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }
}
