package dev.lablink.server.allocation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Keys of participants' seat pages ({@code /seat/{key}}): 128 random bits, URL-safe. */
public final class SeatPageKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private SeatPageKeys() {
    }

    static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a string from a URL could be a key at all, checked before it reaches the database. */
    public static boolean looksLikeKey(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    public static String pagePath(String key) {
        return "/seat/" + key;
    }
}
