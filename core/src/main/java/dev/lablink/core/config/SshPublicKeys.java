package dev.lablink.core.config;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an ssh public key line before it reaches a machine's {@code authorized_keys} (the one a
 * participant pastes on their seat page, and {@code session.ssh.admin_keys}): one line of
 * {@code type base64 [comment]}, a type we accept, a blob whose own type matches (so a line cannot
 * smuggle another key or options in), and for RSA at least {@value #MIN_RSA_BITS} bits. Every
 * refusal is an {@link Invalid} that says how to fix it.
 */
public final class SshPublicKeys {
    public static final int MAX_CHARS = 16 * 1024;
    public static final int MIN_RSA_BITS = 2048;
    public static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-rsa");
    private static final Pattern COMMENT = Pattern.compile("[\\x20-\\x7E\\u00A0-\\uFFFF]{0,1024}");
    private static final String HOW = "paste the one line of your .pub file, like ssh-ed25519 AAAAC3Nz… you@laptop"
            + " (make one with: ssh-keygen -t ed25519)";

    private SshPublicKeys() {
    }

    /** The key as one clean line ({@code type base64 comment}), or {@link Invalid} saying what is wrong. */
    public static String check(String pasted) {
        if (pasted == null || pasted.isBlank()) {
            throw refused("no key given; " + HOW);
        }
        if (pasted.length() > MAX_CHARS) {
            throw refused("longer than " + MAX_CHARS / 1024 + " KB, which no public key is; " + HOW);
        }
        if (pasted.contains("PRIVATE KEY")) {
            throw refused("this is a PRIVATE key: never paste or share it anywhere. Paste the public key instead, the .pub file"
                    + " next to it (like ~/.ssh/id_ed25519.pub); if you shared the private key, make a new pair with ssh-keygen -t ed25519");
        }
        String line = pasted.strip();
        if (line.contains("\n") || line.contains("\r")) {
            throw refused("more than one line; give one key, " + HOW);
        }
        String[] parts = line.split("[ \\t]+", 3);
        String type = parts[0];
        if (!TYPES.contains(type)) {
            throw refused("'" + abbreviated(type) + "' is not a key type accepted here; use one of " + String.join(", ", TYPES)
                    + ", and " + HOW);
        }
        if (parts.length < 2) {
            throw refused("the key's base64 part is missing after " + type + "; " + HOW);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw refused("the part after " + type + " is not valid base64; copy the whole line again, " + HOW);
        }
        String comment = parts.length == 3 ? parts[2].strip() : "";
        if (!COMMENT.matcher(comment).matches()) {
            throw refused("the comment after the key holds control characters or is too long; keep it to a short name like you@laptop");
        }
        checkBlob(type, blob);
        return comment.isEmpty() ? type + " " + parts[1] : type + " " + parts[1] + " " + comment;
    }

    private static void checkBlob(String type, byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            String inner = new String(field(in), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) {
                throw refused("the line says " + type + " but the key inside is " + abbreviated(inner) + "; copy the whole line again, " + HOW);
            }
            switch (type) {
                case "ssh-rsa" -> {
                    field(in); // public exponent
                    int bits = new BigInteger(1, field(in)).bitLength();
                    if (bits < MIN_RSA_BITS) {
                        throw refused("this RSA key has " + bits + " bits, too few to be safe; make one of at least " + MIN_RSA_BITS
                                + " bits, or better: ssh-keygen -t ed25519");
                    }
                }
                case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> {
                    if (field(in).length != 32) {
                        throw refused("this ed25519 key is damaged (its key is not 32 bytes); copy the whole line again, " + HOW);
                    }
                }
                default -> {
                    String curve = new String(field(in), StandardCharsets.US_ASCII);
                    if (!type.contains(curve)) {
                        throw refused("this " + type + " key names curve " + abbreviated(curve) + "; copy the whole line again, " + HOW);
                    }
                    field(in); // the point
                }
            }
            if (type.startsWith("sk-")) {
                field(in); // the security key's application, like ssh:
            }
        } catch (Invalid e) {
            throw e;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw refused("the key's base64 part is cut short or damaged; copy the whole line again, " + HOW);
        }
        if (in.hasRemaining()) {
            throw refused("the key holds more than a " + type + " key; copy the whole line again, " + HOW);
        }
    }

    /** One ssh wire-format string: a 4-byte length and that many bytes. */
    private static byte[] field(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String abbreviated(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    private static Invalid refused(String why) {
        return new Invalid("ssh public key: " + why);
    }

    /** A key line that is no good, with why and the fix in the message. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }
}
