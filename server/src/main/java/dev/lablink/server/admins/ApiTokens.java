package dev.lablink.server.admins;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.events.EventRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * API tokens for admin accounts: {@code llk_} and 32 random bytes, sent as {@code Authorization: Bearer}.
 * Only a SHA-256 of each is kept; a token that long and random cannot be guessed from it, so it
 * needs no slow hash like a password does.
 */
@Service
public class ApiTokens {
    public static final String PREFIX = "llk_";
    static final int SHOWN_CHARS = 12;
    static final int MAX_NAME = 100;
    /**
     * A script using a token calls the API many times a minute: an event for each call would bury
     * the audit trail, so token use is recorded at most once per token per this long (last_used_at
     * is still updated on every call).
     */
    static final Duration USE_EVENT_EVERY = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenRepository tokens;
    private final EventRepository events;
    private final Clock clock = Clock.systemUTC();
    private final Map<Long, Instant> lastUseEvent = new ConcurrentHashMap<>();

    public ApiTokens(TokenRepository tokens, EventRepository events) {
        this.tokens = tokens;
        this.events = events;
    }

    /** Issues a token for {@code username} (the console, the API and the CLI login flow call this). */
    public IssuedToken issue(String username, String name) {
        if (name == null || name.isBlank()) {
            throw new BadRequestException("name", "name is required: say what the token is for, like 'ci' or 'laptop'");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name", "name must be at most " + MAX_NAME + " characters without control characters");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken stored = tokens.insert(username, trimmed, hash(token), token.substring(0, SHOWN_CHARS));
        events.record("admin:" + username, null, "TOKEN_CREATED", "API token " + stored.id() + " (" + trimmed + ") of " + username + " created");
        return new IssuedToken(stored.id(), stored.name(), token, stored.prefix(), stored.createdAt());
    }

    /** The owner of a live token, or empty; every use updates last_used_at, events are coalesced. */
    public Optional<TokenRepository.Owner> authenticate(String token, String clientAddress) {
        Optional<TokenRepository.Owner> owner = tokens.use(hash(token));
        owner.ifPresent(o -> {
            Instant now = clock.instant();
            boolean record = lastUseEvent.compute(o.tokenId(), (id, last) ->
                    last == null || !now.isBefore(last.plus(USE_EVENT_EVERY)) ? now : last) == now;
            if (record) {
                events.record("admin:" + o.username(), null, "TOKEN_USED",
                        "API token " + o.tokenId() + " of " + o.username() + " used from " + clientAddress + " (recorded at most every 5 minutes)");
            }
        });
        return owner;
    }

    public List<ApiToken> list(String username) {
        return tokens.list(username);
    }

    /** Revokes a token of {@code caller}'s, or anyone's when {@code callerIsAdmin}. */
    public void revoke(long id, String caller, boolean callerIsAdmin) {
        ApiToken token = tokens.find(id).filter(t -> callerIsAdmin || t.username().equals(caller))
                .orElseThrow(() -> new NotFoundException("no API token " + id + " of yours; lablink token list shows them"));
        if (token.revokedAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "API token " + id + " is already revoked");
        }
        tokens.revoke(id);
        lastUseEvent.remove(id);
        events.record("admin:" + caller, null, "TOKEN_REVOKED", "API token " + id + " (" + token.name() + ") of " + token.username() + " revoked");
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
