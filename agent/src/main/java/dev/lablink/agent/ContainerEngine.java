package dev.lablink.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine's container engine, Docker or Podman, driven through its command line. It counts as
 * there only when {@code <engine> info} succeeds: a docker CLI without a daemon is no engine. Its
 * registry logins go to a config directory of the agent's own ({@code DOCKER_CONFIG},
 * {@code REGISTRY_AUTH_FILE} for Podman), so the machine user's own logins are neither used nor touched.
 */
final class ContainerEngine {
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(20);
    /** The engine CLI's own connection settings, which it needs beside the allow-listed child environment. */
    private static final List<String> ENGINE_VARIABLES = List.of("DOCKER_HOST", "DOCKER_CONTEXT", "CONTAINER_HOST", "XDG_RUNTIME_DIR");

    /** What one engine command printed (stdout and stderr together) and its exit status. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        /** The last line that says something: the engine's error. */
        String lastLine() {
            List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
            String line = lines.isEmpty() ? "exit status " + exit : lines.getLast();
            return line.length() > 300 ? line.substring(0, 300) + "…" : line;
        }
    }

    private final String command;
    private final boolean podman;
    private final Path configDir;
    private final Map<String, String> agentEnvironment;

    private ContainerEngine(String command, Path configDir, Map<String, String> agentEnvironment) {
        this.command = command;
        this.podman = Path.of(command).getFileName().toString().contains("podman");
        this.configDir = configDir;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
    }

    /** The engine to run images with, if this machine has one that answers. */
    static Optional<ContainerEngine> find(String override, Map<String, String> agentEnvironment, Path workDir) throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(override);
        } else {
            for (String name : List.of("docker", "podman")) {
                onPath(name, agentEnvironment.get("PATH")).ifPresent(candidates::add);
            }
        }
        for (String candidate : candidates) {
            ContainerEngine engine = new ContainerEngine(candidate, workDir.resolve(".container-engine"), agentEnvironment);
            Result info = engine.run(List.of("info"), INFO_TIMEOUT, null);
            if (info.ok()) {
                return Optional.of(engine);
            }
            Agent.log(candidate + " is installed but does not answer (" + info.lastLine() + "); not using it");
        }
        return Optional.empty();
    }

    private static Optional<String> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path file = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(file)) {
                return Optional.of(file.toString());
            }
        }
        return Optional.empty();
    }

    boolean isPodman() {
        return podman;
    }

    /** "docker at /usr/bin/docker", for the agent's log. */
    String describe() {
        return (podman ? "podman" : "docker") + " at " + command;
    }

    /**
     * Runs {@code <engine> args…}; {@code stdin} (the registry secret for a login) is written to its
     * input and never appears in an argument. A command past {@code timeout} is killed and reported
     * as exit 124.
     */
    Result run(List<String> args, Duration timeout, String stdin) throws InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(args);
        ProcessBuilder builder = ChildEnvironment.applyTo(new ProcessBuilder(line), agentEnvironment).redirectErrorStream(true);
        ENGINE_VARIABLES.forEach(name -> {
            if (agentEnvironment.get(name) != null) {
                builder.environment().put(name, agentEnvironment.get(name));
            }
        });
        try {
            if (!Files.isDirectory(configDir)) {
                // it holds the registry login: the agent's user alone may read it
                Files.createDirectories(configDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
            builder.environment().put("DOCKER_CONFIG", configDir.toString());
            builder.environment().put("REGISTRY_AUTH_FILE", configDir.resolve("auth.json").toString());
            Path output = Files.createTempFile(configDir, "engine-", ".out");
            try {
                builder.redirectOutput(output.toFile());
                builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
                Process process = builder.start();
                if (stdin != null) {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return new Result(124, Files.readString(output) + "\ndid not finish within " + timeout.toSeconds() + " s");
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(127, "could not run " + command + ": " + e.getMessage());
        }
    }

    /** Starts {@code <engine> args…} with its output appended to {@code log} (for {@code logs -f}). */
    Process start(List<String> args, Path log) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(args);
        ProcessBuilder builder = ChildEnvironment.applyTo(new ProcessBuilder(line), agentEnvironment)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DOCKER_CONFIG", configDir.toString());
        return builder.start();
    }
}
