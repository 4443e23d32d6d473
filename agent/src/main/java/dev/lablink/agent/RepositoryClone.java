package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code session.repository} (at {@code session.ref}) cloned shallow into a folder of its name in
 * the session's files before the machine is READY. git's output goes to {@code clone.log}; a clone
 * that fails or hangs past {@link #TIMEOUT_MINUTES} is the machine's FAILED reason, with git's own words.
 */
final class RepositoryClone {
    static final long TIMEOUT_MINUTES = 15;

    private final String repository;
    private final String ref;
    private final Path target;
    private final Path log;

    /** @param filesDir where the session's files are; the clone goes to {@code filesDir/<name of the repository>} */
    RepositoryClone(String repository, String ref, Path filesDir, Path workDir) {
        this.repository = repository;
        this.ref = ref;
        this.target = filesDir.resolve(folderOf(repository));
        this.log = workDir.resolve("clone.log");
    }

    /** The folder git itself would clone into: the last part of the address, without {@code .git}. */
    static String folderOf(String repository) {
        String path = repository.replaceAll("[/\\\\]+$", "");
        String last = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
        last = last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
        return last.isBlank() || last.equals(".") || last.equals("..") ? "repository" : last;
    }

    Path target() {
        return target;
    }

    /** Clones unless an earlier run of the agent did; the failure to report when it cannot. */
    Optional<String> cloneOnce() throws InterruptedException {
        if (Files.isDirectory(target.resolve(".git"))) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("git", "clone", "--depth", "1"));
        if (ref != null) {
            command.addAll(List.of("--branch", ref));
        }
        // git ignores --depth for a plain local path; as a file:// address it clones shallow too
        command.addAll(List.of("--", repository.startsWith("/") ? "file://" + repository : repository, target.toString()));
        try {
            Files.createDirectories(target.getParent());
            ProcessBuilder builder = ChildEnvironment.applyTo(new ProcessBuilder(command), System.getenv());
            // never wait for a password on a terminal that is not there
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return Optional.of(failure("did not finish within " + TIMEOUT_MINUTES + " minutes"));
            }
            return process.exitValue() == 0 ? Optional.empty() : Optional.of(failure(lastLine()));
        } catch (IOException e) {
            return Optional.of(failure(e.getMessage()));
        }
    }

    private String failure(String why) {
        return "could not clone " + Redact.userInfo(repository) + (ref == null ? "" : " at " + ref) + ": " + why;
    }

    /** git's own reason: its first {@code fatal:} line (the lines after it are advice), else its last line. */
    private String lastLine() throws IOException {
        List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        String line = lines.stream().filter(text -> text.startsWith("fatal:")).findFirst()
                .orElse(lines.isEmpty() ? "git failed" : lines.getLast());
        return Redact.userInfo(line.length() > 300 ? line.substring(0, 300) + "…" : line);
    }
}
