package dev.lablink.server.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The agent alone ({@code lablink-agent.jar}, under 1 MB), which cloud and Kubernetes machines
 * download and run. The dist module puts it into lablink.jar as a resource; an allocator running
 * from a class path without it has none to serve. Read and hashed once at start: the hash goes
 * into every machine's user data, so a machine runs only the exact bytes served here.
 */
@Component
public class AgentJar {
    static final String RESOURCE = "lablink-agent/lablink-agent.jar";

    private final byte[] bytes;
    private final String sha256;

    public AgentJar() {
        this(readResource());
    }

    AgentJar(byte[] bytes) {
        this.bytes = bytes;
        this.sha256 = bytes == null ? null : sha256(bytes);
    }

    /** The jar's bytes, or empty when this allocator has no agent jar (a class-path run). */
    public Optional<byte[]> bytes() {
        return Optional.ofNullable(bytes);
    }

    /** The SHA-256 of {@link #bytes()} in lower-case hex, or empty when there is no agent jar. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    private static byte[] readResource() {
        try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from this allocator's jar", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
