package dev.lablink.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code lablink.jar} as a user would: as separate processes. */
final class LabLinkJar {
    private final Path jar = Path.of(System.getProperty("lablink.jar", "target/lablink.jar")).toAbsolutePath();
    private final String java = ProcessHandle.current().info().command().orElse("java");

    record Result(int exitCode, String out) {
    }

    /** Runs a CLI command to completion. */
    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("lablink " + String.join(" ", args) + " did not finish: " + out);
        }
        return new Result(process.exitValue(), out);
    }

    /** Starts {@code lablink server} and waits until it listens; its output goes to {@code log}. */
    Process startServer(Path dataDir, int port, Path log, String... extraArgs) throws IOException, InterruptedException {
        return startServer(Map.of(), dataDir, port, log, extraArgs);
    }

    /** Starts {@code lablink server} with {@code env} added to its environment. */
    Process startServer(Map<String, String> env, Path dataDir, int port, Path log, String... extraArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(), "--port", String.valueOf(port)));
        args.addAll(List.of(extraArgs));
        return start(env, log, "listening on http://localhost:" + port, args);
    }

    /** Starts a long-running command and waits until its output (in {@code log}) shows {@code ready}. */
    Process start(Path log, String ready, List<String> args) throws IOException, InterruptedException {
        return start(Map.of(), log, ready, args);
    }

    private Process start(Map<String, String> env, Path log, String ready, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("LABLINK_APP_ADMIN_PASSWORD");
        builder.environment().putAll(env);
        Process process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(log).contains(ready)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("lablink " + String.join(" ", args) + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return process;
    }

    /** Starts a CLI command whose stdin and stdout the test holds (e.g. {@code lablink tunnel}); its stderr goes to {@code err}. */
    Process startPiped(Map<String, String> env, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
