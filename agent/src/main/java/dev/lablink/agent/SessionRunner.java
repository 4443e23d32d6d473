package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the participant's session program as an argument list (never through a shell) and stops
 * it, with everything it started, when the seat is released or the agent stops.
 */
class SessionRunner implements SessionRuntime {
    private final Path workDir;
    private final Map<String, String> agentEnvironment;
    private Process process;

    SessionRunner(Path workDir) {
        this(workDir, System.getenv());
    }

    /** @param agentEnvironment the agent's own environment, of which the session gets only {@link ChildEnvironment}'s part */
    SessionRunner(Path workDir, Map<String, String> agentEnvironment) {
        this.workDir = workDir;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
    }

    synchronized void start(List<String> command, String email) throws IOException {
        start(command, email, Map.of());
    }

    /** @param env what the allocator adds (the apps' base URLs); the agent's own variables stay out either way */
    synchronized void start(List<String> command, String email, Map<String, String> env) throws IOException {
        stop();
        if (command.isEmpty()) {
            throw new IOException("the allocator sent no session command");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("session.log").toFile()));
        Map<String, String> environment = ChildEnvironment.applyTo(builder, agentEnvironment).environment();
        env.forEach((name, value) -> {
            if (name.startsWith("LABLINK_")) {
                environment.put(name, value);
            }
        });
        environment.put("LABLINK_USER_EMAIL", email == null ? "" : email);
        process = builder.start();
    }

    @Override
    public void start(Assignment assignment) throws IOException {
        start(assignment.command(), assignment.email(), assignment.env());
    }

    @Override
    public String describe() {
        return "a process on this machine";
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }
}
