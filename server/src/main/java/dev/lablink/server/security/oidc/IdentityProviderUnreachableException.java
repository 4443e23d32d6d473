package dev.lablink.server.security.oidc;

/** OpenID discovery at the issuer failed: the provider is down, unreachable or not an OpenID provider. */
final class IdentityProviderUnreachableException extends RuntimeException {
    IdentityProviderUnreachableException(String issuer, RuntimeException cause) {
        super("the identity provider at " + issuer + " cannot be reached: " + reason(cause) + "; try again", cause);
    }

    /** The innermost message says what went wrong (connection refused, an unknown host, a 404); the outer ones repeat the URL. */
    private static String reason(Throwable e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() == null || innermost.getMessage().isBlank()
                ? innermost.getClass().getSimpleName() : innermost.getMessage();
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
