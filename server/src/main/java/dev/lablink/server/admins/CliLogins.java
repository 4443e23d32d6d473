package dev.lablink.server.admins;

import dev.lablink.server.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * {@code lablink login}: the console approves, the CLI's loopback listener receives a one-time code,
 * and the CLI trades it with its verifier (whose SHA-256 the approval carried, as in OAuth's PKCE)
 * for an API token. A code works once and for {@link #CODE_LIFETIME}; codes live only in memory,
 * so a restart in between just means logging in again.
 */
@Service
public class CliLogins {
    static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    /** base64url without padding, as the CLI sends its state and challenge. */
    public static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Approval(String username, String challenge, Instant expires) {
    }

    private final ApiTokens tokens;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Approval> approvals = new ConcurrentHashMap<>();

    public CliLogins(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** The signed-in {@code username} allowed the CLI; returns the one-time code for its callback. */
    public String approve(String username, String challenge) {
        checkChars("challenge", challenge);
        Instant now = clock.instant();
        approvals.values().removeIf(a -> a.expires().isBefore(now));
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        approvals.put(code, new Approval(username, challenge, now.plus(CODE_LIFETIME)));
        return code;
    }

    /** Trades a code (once) and the verifier behind its challenge for a new token of the approving account. */
    public IssuedToken exchange(String code, String verifier) {
        if (code == null || code.isBlank()) {
            throw new BadRequestException("code", "code is required: the one the console sent to the CLI's callback");
        }
        if (verifier == null || verifier.isBlank()) {
            throw new BadRequestException("verifier", "verifier is required: the secret whose SHA-256 was the challenge");
        }
        Approval approval = approvals.remove(code);
        if (approval == null || approval.expires().isBefore(clock.instant())) {
            throw new BadRequestException("code", "this login code is unknown, used or older than 2 minutes; run lablink login again");
        }
        if (!MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII), approval.challenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new BadRequestException("verifier", "the verifier does not match the challenge of this login; run lablink login again");
        }
        return tokens.issue(approval.username(), "lablink login");
    }

    /** base64url(SHA-256(verifier)) without padding. */
    public static String challengeOf(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void checkChars(String field, String value) {
        if (value == null || !TOKEN_CHARS.matcher(value).matches()) {
            throw new BadRequestException(field, field + " must be 16 to 128 characters of A-Z, a-z, 0-9, '-' and '_'; run lablink login again");
        }
    }
}
