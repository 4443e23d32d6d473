package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's {@code authorized_keys} file ({@code session.ssh.authorized_keys}): the admins' keys
 * and the participant's pasted one, in a block the agent owns and replaces whole on every change.
 * Lines outside that block (an image's own keys, the local provider's user's) are kept, so the
 * default {@code ~/.ssh/authorized_keys} never loses what was there before LabLink. The file is
 * written beside itself with mode 0600 and moved over the old one, so sshd never reads half a
 * file; directories it has to make are 0700, as sshd's StrictModes wants.
 */
final class AuthorizedKeys {
    static final String BEGIN = "# lablink-agent: the keys up to the end line are LabLink's; the agent rewrites them";
    static final String END = "# lablink-agent: end";

    private final Path file;

    AuthorizedKeys(Path file) {
        this.file = file;
    }

    /** {@code ~} is the agent's home, {@code {work_dir}} the machine's own directory; anything else is an absolute path. */
    static AuthorizedKeys at(String configured, Path workDir, Path home) {
        if (configured.startsWith("~/")) {
            return new AuthorizedKeys(home.resolve(configured.substring(2)));
        }
        if (configured.startsWith("{work_dir}/")) {
            return new AuthorizedKeys(workDir.resolve(configured.substring("{work_dir}/".length())));
        }
        return new AuthorizedKeys(Path.of(configured));
    }

    Path file() {
        return file;
    }

    /** Replaces LabLink's block with these keys ({@code participantKey} null: none), keeping every other line. */
    void write(List<String> adminKeys, String participantKey) throws IOException {
        List<String> lines = new ArrayList<>(othersThan(existing()));
        lines.add(BEGIN);
        adminKeys.stream().map(String::strip).filter(key -> !key.isEmpty() && !key.contains("\n")).forEach(lines::add);
        if (participantKey != null && !participantKey.isBlank()) {
            lines.add(participantKey.strip());
        }
        lines.add(END);
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(dir, ".authorized_keys-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, lines);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private List<String> existing() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static List<String> othersThan(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.equals(BEGIN)) {
                inside = true;
            } else if (line.equals(END)) {
                inside = false;
            } else if (!inside) {
                kept.add(line);
            }
        }
        return kept;
    }
}
