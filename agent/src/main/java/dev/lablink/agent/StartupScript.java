package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The deployment's {@code startup_script}, run once per machine before the agent first reports.
 * Its output goes to {@code startup.log}; a marker file keeps an agent restart from running it twice.
 */
final class StartupScript {
    static final String SCRIPT_VARIABLE = "LABLINK_STARTUP_SCRIPT";
    static final String ON_ERROR_VARIABLE = "LABLINK_STARTUP_ON_ERROR";
    private static final long TIMEOUT_MINUTES = 30;

    private final Path script;
    private final boolean mustSucceed;
    private final Path workDir;

    private StartupScript(Path script, boolean mustSucceed, Path workDir) {
        this.script = script;
        this.mustSucceed = mustSucceed;
        this.workDir = workDir;
    }

    static Optional<StartupScript> fromEnvironment(Map<String, String> env, Path workDir) {
        String path = env.get(SCRIPT_VARIABLE);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new StartupScript(Path.of(path), "fail".equals(env.get(ON_ERROR_VARIABLE)), workDir));
    }

    /** Runs the script unless it ran before; returns the failure to report when it must succeed and did not. */
    Optional<String> runOnce() throws InterruptedException {
        Path marker = workDir.resolve(".startup-done");
        if (Files.exists(marker)) {
            return Optional.empty();
        }
        String failure = run();
        try {
            Files.writeString(marker, failure == null ? "ok\n" : failure + "\n");
        } catch (IOException e) {
            Agent.log("could not record that the startup script ran: " + e.getMessage());
        }
        if (failure == null) {
            return Optional.empty();
        }
        Agent.log("startup script failed: " + failure + (mustSucceed ? "" : " (startup_script.on_error is continue)"));
        return mustSucceed ? Optional.of(failure) : Optional.empty();
    }

    private String run() throws InterruptedException {
        Agent.log("running startup script " + script);
        try {
            Process process = ChildEnvironment.applyTo(new ProcessBuilder(List.of("bash", script.toString())), System.getenv())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("startup.log").toFile()))
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return "did not finish within " + TIMEOUT_MINUTES + " minutes";
            }
            return process.exitValue() == 0 ? null : "exited with status " + process.exitValue() + " (see startup.log)";
        } catch (IOException e) {
            return "could not start: " + e.getMessage();
        }
    }
}
