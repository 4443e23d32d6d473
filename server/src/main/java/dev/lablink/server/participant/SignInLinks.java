package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.events.EventRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * One-time sign-in links: made, mailed and used. The link proves the participant reads the
 * address they typed; only its hash is stored. Mails are spaced (one per address every
 * {@link #SECONDS_BETWEEN_MAILS} s, {@link #MAILS_PER_MINUTE_PER_CLIENT} per client address a
 * minute) so the form cannot be used to flood someone's inbox.
 */
@Service
class SignInLinks {
    static final int SECONDS_BETWEEN_MAILS = 30;
    static final int MAILS_PER_MINUTE_PER_CLIENT = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignInLinkRepository links;
    private final EventRepository events;
    private final ParticipantMail mail;
    private final int validMinutes;
    private final String publicUrl;
    private final ClaimRateLimit perClient = new ClaimRateLimit(Clock.systemUTC(), MAILS_PER_MINUTE_PER_CLIENT);

    SignInLinks(SignInLinkRepository links, EventRepository events, LabLinkConfig config) {
        this.links = links;
        this.events = events;
        this.mail = config.mail().isConfigured() ? new ParticipantMail(config.mail()) : null;
        this.validMinutes = config.participants().linkMinutes();
        String url = config.server().publicUrl();
        this.publicUrl = url == null || url.isBlank() ? null : url.replaceFirst("/+$", "");
    }

    boolean mailConfigured() {
        return mail != null;
    }

    /** Why no link went out: too soon again ({@code retryAfterSeconds}), or the mail server's answer. */
    static final class NotSent extends RuntimeException {
        final long retryAfterSeconds;

        NotSent(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /**
     * Mails {@code email} a new link, synchronously.
     *
     * @param baseUrl the request's own base URL, used when {@code server.public_url} is unset
     * @throws NotSent when it is too soon or the mail could not be sent (then also an event for the admin)
     */
    void send(String email, String client, String baseUrl) {
        OptionalLong wait = perClient.take(client);
        if (wait.isPresent()) {
            throw new NotSent("Too many sign-in links were asked for from your network; try again in " + wait.getAsLong() + " s.", wait.getAsLong());
        }
        Optional<Double> since = links.secondsSinceLast(email);
        if (since.isPresent() && since.get() < SECONDS_BETWEEN_MAILS) {
            long retry = Math.max(1, (long) Math.ceil(SECONDS_BETWEEN_MAILS - since.get()));
            throw new NotSent("A sign-in link was mailed to this address moments ago: look for it, or ask again in " + retry + " s.", retry);
        }
        links.deleteOld();
        String token = newToken();
        links.create(hash(token), email, validMinutes, client);
        String link = (publicUrl != null ? publicUrl : baseUrl) + "/signin/" + token;
        try {
            mail.send(email, "Your LabLink sign-in link", """
                    Open this link to get your lab machine:

                    %s

                    The link works once and expires in %d minutes.

                    If you did not ask for it, ignore this mail: nothing happens without the link.
                    """.formatted(link, validMinutes));
        } catch (MailException failed) {
            String reason = oneLine(failed);
            events.record("participant:" + email, null, "MAIL_FAILED", "sign-in link to " + email + " not sent: " + reason);
            throw new NotSent("We could not send the mail: " + reason + ". Try again or ask the organiser.", 0);
        }
        events.record("participant:" + email, null, "SIGN_IN_LINK_SENT", "sign-in link mailed to " + email);
    }

    /** What opening a link found. */
    enum Outcome { UNKNOWN, EXPIRED, USED, VALID }

    /** What a link is for ({@code email} only when it is still valid). */
    record Use(Outcome outcome, String email) {
    }

    /** Looks at a link without using it up (mail scanners fetch links too). */
    Use check(String token) {
        return links.find(hash(token))
                .map(link -> new Use(outcome(link), outcome(link) == Outcome.VALID ? link.email() : null))
                .orElse(new Use(Outcome.UNKNOWN, null));
    }

    /** Uses the link up; the email it was for, or the outcome that refused it. */
    Use use(String token) {
        String hash = hash(token);
        Optional<SignInLinkRepository.Link> link = links.find(hash);
        if (link.isEmpty()) {
            return new Use(Outcome.UNKNOWN, null);
        }
        Outcome outcome = outcome(link.get());
        if (outcome == Outcome.VALID && !links.use(hash)) {
            // used or expired between the look and the update
            outcome = links.find(hash).map(SignInLinks::outcome).orElse(Outcome.UNKNOWN);
            return new Use(outcome == Outcome.VALID ? Outcome.USED : outcome, null);
        }
        return new Use(outcome, outcome == Outcome.VALID ? link.get().email() : null);
    }

    private static Outcome outcome(SignInLinkRepository.Link link) {
        return link.used() ? Outcome.USED : link.expired() ? Outcome.EXPIRED : Outcome.VALID;
    }

    private static String oneLine(Exception failed) {
        Throwable cause = failed;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
