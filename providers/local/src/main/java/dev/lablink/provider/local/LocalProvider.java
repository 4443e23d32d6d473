package dev.lablink.provider.local;

import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each machine is an agent process on this host, in its own working directory under
 * {@code <data dir>/machines/<name>}. Needs no cloud account: the default provider.
 */
public class LocalProvider implements MachineProvider {
    public static final String NAME = "local";
    private static final List<String> DEFAULT_SESSION = List.of("sleep", "infinity");
    /** A local agent whose allocator has been away this long stops: it is gone for good (its data dir moved, its port changed). */
    static final Duration AGENT_GIVE_UP = Duration.ofMinutes(15);

    private final Path machinesRoot;
    private final List<String> agentCommand;
    private final Map<String, String> allocatorEnvironment;

    /**
     * @param machinesRoot  where each machine gets its working directory
     * @param agentCommand  how to start an agent process (the allocator knows its own jar or class path)
     */
    public LocalProvider(Path machinesRoot, List<String> agentCommand) {
        this(machinesRoot, agentCommand, System.getenv());
    }

    /** @param allocatorEnvironment the allocator's environment, of which agents get only {@link AgentEnvironment}'s part */
    public LocalProvider(Path machinesRoot, List<String> agentCommand, Map<String, String> allocatorEnvironment) {
        this.machinesRoot = Objects.requireNonNull(machinesRoot, "machinesRoot");
        this.agentCommand = List.copyOf(agentCommand);
        this.allocatorEnvironment = Map.copyOf(allocatorEnvironment);
    }

    @Override
    public String name() {
        return NAME;
    }


    /** Every local machine is the same agent process on this host; a type like gpu_1x_h100 would be shown but not be true. */
    @Override
    public Optional<String> refusal(String machineType) {
        return machineType == null ? Optional.empty() : Optional.of("the local provider runs each machine as a process on this host "
                + "and has no machine types, so it cannot make '" + machineType + "'; leave the type out");
    }

    @Override
    public List<String> defaultSessionCommand() {
        return DEFAULT_SESSION;
    }

    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        for (MachineSpec spec : batch) {
            try {
                listener.created(start(spec));
            } catch (IOException | RuntimeException e) {
                listener.failed(spec.name(), new ProviderException("could not start the agent process: " + e.getMessage(), e));
            }
        }
    }

    private ProvisionedMachine start(MachineSpec spec) throws IOException {
        Path dir = machineDir(spec.name());
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(agentCommand)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
        var env = builder.environment();
        env.clear();
        env.putAll(AgentEnvironment.allowedPartOf(allocatorEnvironment));
        env.put("LABLINK_ALLOCATOR_URL", spec.allocatorUrl().toString());
        env.put("LABLINK_AGENT_TOKEN", spec.agentToken());
        env.put("LABLINK_MACHINE_NAME", spec.name());
        env.put("LABLINK_AGENT_GIVE_UP_SECONDS", String.valueOf(AGENT_GIVE_UP.toSeconds()));
        if (spec.startupScript() != null) {
            Path script = dir.resolve("startup.sh");
            Files.writeString(script, spec.startupScript());
            env.put("LABLINK_STARTUP_SCRIPT", script.toString());
            env.put("LABLINK_STARTUP_ON_ERROR", spec.startupScriptMustSucceed() ? "fail" : "continue");
        }
        Process process = builder.start();
        PidFile.of(process.toHandle()).write(dir);
        return new ProvisionedMachine(spec.name(), "local:" + process.pid());
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        Path dir = machineDir(machine.name());
        PidFile.read(dir).flatMap(PidFile::liveProcess)
                .ifPresent(process -> ProcessTree.terminate(process, Duration.ofSeconds(5)));
        try {
            PidFile.delete(dir);
        } catch (IOException e) {
            throw new ProviderException("stopped " + machine.name() + " but could not remove its pid file: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ProvisionedMachine> list() {
        if (!Files.isDirectory(machinesRoot)) {
            return List.of();
        }
        List<ProvisionedMachine> alive = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(machinesRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                PidFile.read(dir).flatMap(PidFile::liveProcess).ifPresent(process ->
                        alive.add(new ProvisionedMachine(dir.getFileName().toString(), "local:" + process.pid())));
            }
        } catch (IOException e) {
            throw new ProviderException("cannot list " + machinesRoot + ": " + e.getMessage(), e);
        }
        return alive;
    }

    private Path machineDir(String name) {
        Path dir = machinesRoot.resolve(name).normalize();
        if (!dir.getParent().equals(machinesRoot.normalize())) {
            throw new ProviderException("machine name '" + name + "' is not a plain name");
        }
        return dir;
    }
}
