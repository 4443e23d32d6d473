package dev.lablink.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sessions in the {@code session} container of this machine's pod (the Kubernetes provider), which
 * runs {@code session.image} beside the agent's container. There is no container engine in a pod:
 * the provider starts the image with LabLink's wrapper ({@link #wrapperScript()}, a POSIX sh
 * script), and the agent hands a session over through files in a directory both containers mount
 * ({@code LABLINK_SESSION_DIR}, default {@code /lablink/session}). The pod shares its process
 * namespace, so a pid means the same process in both containers, and its network, so the session's
 * ports are on 127.0.0.1 for the tunnel. The files, each written to a temporary name and renamed:
 * <ul>
 *   <li>{@code waiting}: by the wrapper (its pid) while it waits for a session: the image was pulled and started;</li>
 *   <li>{@code env}: by the agent, one {@code export NAME='value'} line per variable;</li>
 *   <li>{@code argv}: by the agent after {@code env}, {@code set -- 'arg' …}: its appearance starts the session,
 *       and the wrapper takes both files away as it does;</li>
 *   <li>{@code pid}: by the wrapper, the session's pid (running while that process lives);</li>
 *   <li>{@code exit}: by the wrapper, {@code <pid> <status>} of the session that ended last.</li>
 * </ul>
 * Values are quoted for sh in single quotes ({@code '} written as {@code '\''}), so quotes, {@code $}
 * and newlines arrive as they were. The wrapper cannot know the image's own CMD, so a session here
 * needs a command.
 */
final class PodSession implements SessionRuntime {
    static final String RUNTIME_VARIABLE = "LABLINK_SESSION_RUNTIME";
    static final String POD = "pod";
    static final String DIR_VARIABLE = "LABLINK_SESSION_DIR";
    static final String DEFAULT_DIR = "/lablink/session";
    /** How long {@link #prepare} waits for the session container (its image may be large). */
    static final String READY_SECONDS_VARIABLE = "LABLINK_SESSION_READY_SECONDS";
    static final Duration DEFAULT_READY = Duration.ofMinutes(15);
    static final Duration DEFAULT_TAKE = Duration.ofSeconds(60);
    private static final String WRAPPER = "/dev/lablink/agent/pod-session-wrapper.sh";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration POLL = Duration.ofMillis(200);

    private final Path dir;
    private final String machineName;
    private final Duration readyTimeout;
    private final Duration takeTimeout;

    PodSession(Path dir, String machineName, Duration readyTimeout, Duration takeTimeout) {
        this.dir = dir;
        this.machineName = machineName;
        this.readyTimeout = readyTimeout;
        this.takeTimeout = takeTimeout;
    }

    /** Whether the provider started this agent beside a session container ({@code LABLINK_SESSION_RUNTIME=pod}). */
    static boolean isWanted(Map<String, String> env) {
        return POD.equals(env.get(RUNTIME_VARIABLE));
    }

    static PodSession fromEnvironment(Map<String, String> env, AgentSettings settings) {
        String seconds = env.get(READY_SECONDS_VARIABLE);
        Duration ready = seconds == null || seconds.isBlank() ? DEFAULT_READY : Duration.ofSeconds(Long.parseLong(seconds.trim()));
        return new PodSession(Path.of(env.getOrDefault(DIR_VARIABLE, DEFAULT_DIR)), settings.machineName(), ready, DEFAULT_TAKE);
    }

    /** The wrapper the provider runs as the session container's command ({@code sh -c <script>}). */
    static String wrapperScript() {
        try (InputStream in = PodSession.class.getResourceAsStream(WRAPPER)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** READY only once the session container's wrapper runs: its image was pulled and started. */
    @Override
    public Optional<String> prepare(SessionOrders orders) throws InterruptedException {
        Instant deadline = Instant.now().plus(readyTimeout);
        while (!Files.exists(dir.resolve("waiting")) && !isRunning()) {
            if (Instant.now().isAfter(deadline)) {
                return Optional.of("the session container (image " + (orders.image() == null ? "session.image" : orders.image())
                        + ") did not start within " + readyTimeout.toSeconds() + " s; the image may not pull (not found, or a private"
                        + " registry without credentials in registries): kubectl describe pod " + machineName + " says why");
            }
            Thread.sleep(POLL);
        }
        return Optional.empty();
    }

    @Override
    public synchronized void start(Assignment assignment) throws IOException {
        stop();
        if (assignment.command().isEmpty()) {
            throw new IOException("the session runs in a pod, where the image's own entry point cannot be started; give session.command");
        }
        Map<String, String> env = new LinkedHashMap<>(assignment.env());
        env.put("LABLINK_USER_EMAIL", assignment.email() == null ? "" : assignment.email());
        env.put("LABLINK_MACHINE_NAME", machineName);
        env.put("LABLINK_LISTEN_ADDRESS", "127.0.0.1"); // the pod's network is the agent's: its tunnel reaches 127.0.0.1
        StringBuilder exports = new StringBuilder();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (!NAME.matcher(variable.getKey()).matches()) {
                throw new IOException("session.env: '" + variable.getKey() + "' is not a variable name; use letters, digits and _");
            }
            exports.append("export ").append(variable.getKey()).append('=').append(quote(variable.getValue())).append('\n');
        }
        StringBuilder argv = new StringBuilder("set --");
        assignment.command().forEach(argument -> argv.append(' ').append(quote(argument)));
        Files.deleteIfExists(dir.resolve("pid"));
        Files.deleteIfExists(dir.resolve("exit"));
        write("env", exports.toString());
        write("argv", argv.append('\n').toString());
        awaitTaken();
    }

    /** Until the wrapper reports the session's pid; a command that ends at once is the FAILED reason. */
    private void awaitTaken() throws IOException {
        Instant deadline = Instant.now().plus(takeTimeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Long> pid = pid();
            if (pid.isPresent()) {
                if (ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    return;
                }
                Optional<String> status = exitStatusOf(pid.get());
                if (status.isPresent()) {
                    throw new IOException("it ended at once with status " + status.get() + " (127: not found in the image); kubectl logs "
                            + machineName + " -c session shows its output");
                }
            }
            sleep();
        }
        Files.deleteIfExists(dir.resolve("argv"));
        throw new IOException("the session container took no session within " + takeTimeout.toSeconds() + " s; is it running? kubectl describe pod "
                + machineName + " says");
    }

    @Override
    public boolean isRunning() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public synchronized void stop() {
        try {
            Files.deleteIfExists(dir.resolve("argv")); // one not taken yet must not start later
            Files.deleteIfExists(dir.resolve("env"));
        } catch (IOException e) {
            // the session dir is gone: nothing can start from it either
        }
        Optional<ProcessHandle> session = pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (session.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = session.get().descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        session.get().destroy();
        try {
            session.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // it did not end on TERM: KILL below
        }
        session.get().destroyForcibly();
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String describe() {
        return "the pod's session container (hand-over in " + dir + ")";
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> exitStatusOf(long pid) {
        try {
            String[] words = Files.readString(dir.resolve("exit")).trim().split(" ");
            return words.length == 2 && words[0].equals(String.valueOf(pid)) ? Optional.of(words[1]) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void write(String name, String content) throws IOException {
        Path temp = dir.resolve(name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code value} as one sh word: single quotes keep everything literal but {@code '}, written as {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing the session over");
        }
    }
}
