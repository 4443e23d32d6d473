package dev.lablink.server.admins;

import dev.lablink.server.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** The rules for admin passwords, and the generated ones (shown once). */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut. */
    static final int MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void check(String password) {
        if (password.length() < MIN_LENGTH) {
            throw new BadRequestException("password", "password must be at least " + MIN_LENGTH
                    + " characters; leave it out to have one generated");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new BadRequestException("password", "password must be at most " + MAX_BYTES + " bytes (bcrypt ignores the rest)");
        }
    }
}
