package dev.lablink.dist;

import dev.lablink.core.provider.AgentBootstrap;
import dev.lablink.fakecloud.LaunchedInstance;
import dev.lablink.provider.local.AgentEnvironment;
import dev.lablink.server.providers.AgentLaunchCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings fake-cloud instances to life: reads the agent settings out of each instance's first-boot
 * script, as cloud-init would, and runs a real agent process on this host with them, so machines
 * on the fake clouds register and become READY like real ones. With {@code runUserData} it runs the
 * first-boot script itself with sh instead, its paths moved under the instance's directory and
 * {@code systemctl} played by a stand-in that starts the unit's command: the machine then downloads
 * its agent from the allocator, checks it and runs it as a cloud machine does.
 */
final class FakeCloudAgents {
    private final Path root;
    private final Map<String, String> environment;
    private final boolean runUserData;
    private final Map<String, Process> agents = new ConcurrentHashMap<>();

    FakeCloudAgents(Path root, boolean runUserData) {
        this(root, System.getenv(), runUserData);
    }

    FakeCloudAgents(Path root, Map<String, String> environment) {
        this(root, environment, false);
    }

    /** @param environment this command's environment, of which agents get only the allow-listed part, as local agents do */
    FakeCloudAgents(Path root, Map<String, String> environment, boolean runUserData) {
        this.root = root;
        this.environment = Map.copyOf(environment);
        this.runUserData = runUserData;
    }

    void start(LaunchedInstance instance) {
        if (instance.userData() == null) {
            return;
        }
        try {
            Path dir = root.resolve(instance.id());
            Files.createDirectories(dir);
            if (runUserData) {
                agents.put(instance.id(), runUserData(instance, dir));
                System.out.println("  " + instance.cloud() + " launched " + instance.name() + " (" + instance.machineType() + " in "
                        + instance.region() + ", " + instance.id() + "); its user data runs in " + dir);
                return;
            }
            ProcessBuilder builder = new ProcessBuilder(AgentLaunchCommand.forThisJvm())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
            builder.environment().clear();
            builder.environment().putAll(AgentEnvironment.allowedPartOf(environment));
            for (String line : instance.userData().split("\n")) {
                if (line.matches("LABLINK_(ALLOCATOR_URL|AGENT_TOKEN|MACHINE_NAME)=.*")) {
                    builder.environment().put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
            agents.put(instance.id(), builder.start());
            System.out.println("  " + instance.cloud() + " launched " + instance.name() + " (" + instance.machineType() + " in "
                    + instance.region() + ", " + instance.id() + "); its agent runs in " + dir);
        } catch (IOException e) {
            System.err.println("  could not start an agent for " + instance.name() + ": " + e.getMessage());
        }
    }

    private Process runUserData(LaunchedInstance instance, Path dir) throws IOException {
        Path units = Files.createDirectories(dir.resolve("etc/systemd/system"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        // enable --now UNIT: run the unit's command with its environment file, in its directory, as systemd would.
        Files.writeString(systemctl, """
                #!/bin/sh
                [ "$1" = "enable" ] || exit 0
                unit="%s/$3.service"
                set -a; . "$(sed -n 's/^EnvironmentFile=//p' "$unit")"; set +a
                cd "$(sed -n 's/^WorkingDirectory=//p' "$unit")"
                exec $(sed -n 's/^ExecStart=//p' "$unit")
                """.formatted(units));
        systemctl.toFile().setExecutable(true);
        String script = instance.userData()
                .replace(AgentBootstrap.DIR, dir + AgentBootstrap.DIR)
                .replace(AgentBootstrap.UNITS, units.toString());
        Path file = dir.resolve("user-data.sh");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", file.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
        builder.environment().clear();
        builder.environment().putAll(AgentEnvironment.allowedPartOf(environment));
        builder.environment().put("PATH", bin + java.io.File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        return builder.start();
    }

    void stop(String instanceId) {
        Process agent = agents.remove(instanceId);
        if (agent != null) {
            agent.descendants().forEach(ProcessHandle::destroy);
            agent.destroy();
            System.out.println("  terminated " + instanceId);
        }
    }

    void stopAll() {
        agents.keySet().forEach(this::stop);
        agents.values().forEach(agent -> {
            try {
                agent.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

}
