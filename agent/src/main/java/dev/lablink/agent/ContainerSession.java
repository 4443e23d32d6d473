package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A session that runs the orders' OCI image in the machine's container engine, as one container
 * named {@code lablink-session-<machine>}: the session's ports published to 127.0.0.1 only (the
 * agent's tunnel reaches them there), the GPUs passed through when the machine has them, the memory
 * bounds of the orders, and the session's own directory ({@code <work dir>/session}, never the
 * agent's work dir, which holds the machine's token) mounted at {@link #FILES}. Its output goes to
 * {@code session.log}.
 */
final class ContainerSession implements SessionRuntime {
    /** Where the session's files are inside the container, and its working directory. */
    static final String FILES = "/home/lablink/work";
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final ContainerEngine engine;
    private final String machineName;
    private final Path workDir;
    private final String image;
    private final SessionOrders orders;
    private final List<Integer> ports;
    private final boolean gpus;
    private final String container;
    private boolean loggedIn;
    private boolean pulled;
    private Process logs;

    /**
     * @param ports the session's tunnel ports, published to 127.0.0.1 on the same numbers
     * @param gpus  whether the machine has GPUs to pass through
     */
    ContainerSession(ContainerEngine engine, String machineName, Path workDir, SessionOrders orders, List<Integer> ports, boolean gpus) {
        this.engine = engine;
        this.machineName = machineName;
        this.workDir = workDir;
        this.image = orders.image();
        this.orders = orders;
        this.ports = List.copyOf(ports);
        this.gpus = gpus;
        this.container = "lablink-session-" + machineName;
    }

    String image() {
        return image;
    }

    @Override
    public Path filesDirectory(Path agentWorkDir) {
        return workDir.resolve("session");
    }

    /** Logs in to the image's registry (when the orders give a login) and pulls the image when {@code pre_pull} asks for it. */
    @Override
    public synchronized Optional<String> prepare(SessionOrders orders) throws InterruptedException {
        Optional<String> login = login();
        if (login.isPresent() || !orders.prePull()) {
            return login;
        }
        return pull();
    }

    private Optional<String> login() throws InterruptedException {
        SessionOrders.RegistryLogin login = orders.registryLogin();
        if (login == null || loggedIn) {
            return Optional.empty();
        }
        ContainerEngine.Result result = engine.run(List.of("login", "--username", login.username(), "--password-stdin", login.server()),
                COMMAND_TIMEOUT, login.secret());
        if (!result.ok()) {
            return Optional.of(EngineMessages.loginFailure(login.server(), result));
        }
        loggedIn = true;
        Agent.log("logged in to " + login.server() + " as " + login.username());
        return Optional.empty();
    }

    /** Pulls the image; the failure in words when it cannot. */
    Optional<String> pull() throws InterruptedException {
        ContainerEngine.Result result = engine.run(List.of("pull", image), PULL_TIMEOUT, null);
        if (!result.ok()) {
            return Optional.of(EngineMessages.pullFailure(image, result, loggedIn));
        }
        pulled = true;
        return Optional.empty();
    }

    @Override
    public synchronized void start(Assignment assignment) throws IOException {
        stop();
        try {
            Optional<String> failure = login();
            if (failure.isEmpty() && !pulled) {
                failure = pull();
            }
            if (failure.isPresent()) {
                throw new IOException(failure.get());
            }
            Path files = Files.createDirectories(filesDirectory(workDir));
            ContainerEngine.Result run = engine.run(runArguments(assignment, files), COMMAND_TIMEOUT, null);
            if (!run.ok()) {
                throw new IOException(EngineMessages.runFailure(image, run, gpuFlag().map(flags -> String.join(" ", flags)).orElse(null)));
            }
            logs = engine.start(List.of("logs", "-f", container), workDir.resolve("session.log"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the container");
        }
    }

    /** {@code run -d …} for {@code assignment}; its command (empty: the image's entry point) after the image. */
    List<String> runArguments(Assignment assignment, Path files) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", container));
        for (int port : ports) {
            args.add("-p");
            args.add("127.0.0.1:" + port + ":" + port);
        }
        Map<String, String> env = new TreeMap<>(assignment.env());
        env.put("LABLINK_USER_EMAIL", assignment.email() == null ? "" : assignment.email());
        env.put("LABLINK_MACHINE_NAME", machineName);
        // inside the container the apps listen on every address; only 127.0.0.1 of the machine reaches them
        env.put("LABLINK_LISTEN_ADDRESS", "0.0.0.0");
        env.forEach((name, value) -> {
            args.add("-e");
            args.add(name + "=" + value);
        });
        MemoryGuard.of(orders).ifPresent(guard -> args.addAll(guard.engineFlags()));
        gpuFlag().ifPresent(args::addAll);
        args.addAll(List.of("-v", files.toAbsolutePath() + ":" + FILES, "-w", FILES, image));
        args.addAll(assignment.command());
        return args;
    }

    /** {@code --gpus all} for Docker, the CDI device for Podman; none on a machine without GPUs. */
    private Optional<List<String>> gpuFlag() {
        if (!gpus) {
            return Optional.empty();
        }
        return Optional.of(engine.isPodman() ? List.of("--device", "nvidia.com/gpu=all") : List.of("--gpus", "all"));
    }

    /** The container runs: {@code inspect -f {{.State.Running}}}, a cheap call the heartbeat makes. */
    @Override
    public synchronized boolean isRunning() {
        if (logs == null) {
            return false;
        }
        try {
            ContainerEngine.Result result = engine.run(List.of("inspect", "-f", "{{.State.Running}}", container), Duration.ofSeconds(10), null);
            return result.ok() && result.output().strip().equals("true");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void stop() {
        try {
            engine.run(List.of("stop", "-t", "10", container), Duration.ofSeconds(30), null);
            engine.run(List.of("rm", "-f", container), Duration.ofSeconds(30), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (logs != null) {
            logs.destroy();
            logs = null;
        }
    }

    @Override
    public String describe() {
        return "the image " + image + " in " + engine.describe();
    }
}
