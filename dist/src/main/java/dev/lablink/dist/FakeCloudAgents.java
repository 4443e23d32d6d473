package dev.lablink.dist;

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
 * on the fake clouds register and become READY like real ones.
 */
final class FakeCloudAgents {
    private final Path root;
    private final Map<String, String> environment;
    private final Map<String, Process> agents = new ConcurrentHashMap<>();

    FakeCloudAgents(Path root) {
        this(root, System.getenv());
    }

    /** @param environment this command's environment, of which agents get only the allow-listed part, as local agents do */
    FakeCloudAgents(Path root, Map<String, String> environment) {
        this.root = root;
        this.environment = Map.copyOf(environment);
    }

    void start(LaunchedInstance instance) {
        if (instance.userData() == null) {
            return;
        }
        try {
            Path dir = root.resolve(instance.id());
            Files.createDirectories(dir);
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
