package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the participant's session program as an argument list (never through a shell) and stops
 * it, with everything it started, when the seat is released or the agent stops.
 */
class SessionRunner implements SessionRuntime {
    private final Path workDir;
    private final Map<String, String> agentEnvironment;
    private volatile SessionOrders orders = SessionOrders.NONE;
    private boolean toldNoGuard;
    private boolean toldNoEngine;
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

    /** Says once that {@code image} is not used: without a container engine the session's command runs on the machine itself. */
    synchronized void tellNoEngine(String image) {
        if (!toldNoEngine) {
            toldNoEngine = true;
            Agent.log("this machine has no container engine (docker or podman that answers `info`): session.image " + image
                    + " is not used; the session's command runs on the machine itself");
        }
    }

    synchronized boolean toldNoEngine() {
        return toldNoEngine;
    }

    /** The memory bounds of the orders apply to the sessions started from now on. */
    void use(SessionOrders orders) {
        this.orders = orders;
    }

    /**
     * @param env what the allocator adds (the apps' base URLs, {@code session.env}), passed as given;
     *            the agent's own variables stay out either way
     */
    synchronized void start(List<String> command, String email, Map<String, String> env) throws IOException {
        stop();
        if (command.isEmpty()) {
            throw new IOException(toldNoEngine
                    ? "the session runs its image's own entry point (no session.command), and this machine has no container engine (docker or podman)"
                    : "the allocator sent no session command");
        }
        ProcessBuilder builder = new ProcessBuilder(guarded(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("session.log").toFile()));
        Map<String, String> environment = ChildEnvironment.applyTo(builder, agentEnvironment).environment();
        environment.putAll(env);
        environment.put("LABLINK_USER_EMAIL", email == null ? "" : email);
        // on the machine itself the session's apps listen on loopback: the agent's tunnel reaches them there
        environment.put("LABLINK_LISTEN_ADDRESS", "127.0.0.1");
        process = builder.start();
    }

    /** {@code command} under a systemd scope that bounds its memory, when this machine allows one; else as it is (said once). */
    private List<String> guarded(List<String> command) {
        Optional<MemoryGuard> guard = MemoryGuard.of(orders);
        try {
            Optional<List<String>> scoped = guard.isPresent() ? guard.get().scoped(command) : Optional.empty();
            if (scoped.isPresent()) {
                return scoped.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!toldNoGuard) {
            toldNoGuard = true;
            Agent.log("sessions run without a memory guard: systemd-run --user --scope does not work on this machine"
                    + " (session.memory_limit_pct applies to container sessions and systemd scopes only)");
        }
        return command;
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
