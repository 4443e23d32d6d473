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
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Each machine is an agent process on this host, in its own working directory under
 * {@code <data dir>/machines/<name>}. Needs no cloud account: the default provider.
 */
public class LocalProvider implements MachineProvider {
    public static final String NAME = "local";
    private static final List<String> DEFAULT_SESSION = List.of("sleep", "infinity");

    private final Path machinesRoot;
    private final List<String> agentCommand;

    /**
     * @param machinesRoot  where each machine gets its working directory
     * @param agentCommand  how to start an agent process (the allocator knows its own jar or class path)
     */
    public LocalProvider(Path machinesRoot, List<String> agentCommand) {
        this.machinesRoot = Objects.requireNonNull(machinesRoot, "machinesRoot");
        this.agentCommand = List.copyOf(agentCommand);
    }

    @Override
    public String name() {
        return NAME;
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
        env.put("LABLINK_ALLOCATOR_URL", spec.allocatorUrl().toString());
        env.put("LABLINK_AGENT_TOKEN", spec.agentToken());
        env.put("LABLINK_MACHINE_NAME", spec.name());
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
