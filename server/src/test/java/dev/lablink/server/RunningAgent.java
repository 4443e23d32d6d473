package dev.lablink.server;

import dev.lablink.agent.Agent;
import dev.lablink.agent.AgentSettings;
import dev.lablink.server.machines.Machine;
import java.nio.file.Path;
import java.time.Duration;

/** Our real agent, in this JVM, for one machine of a test allocator: it registers, opens its tunnel and runs sessions as on a machine. */
public final class RunningAgent implements AutoCloseable {
    public final String machineName;
    private final Agent agent;
    private final Thread thread;

    private RunningAgent(String machineName, Agent agent) {
        this.machineName = machineName;
        this.agent = agent;
        this.thread = Thread.ofVirtual().name("agent-" + machineName).start(agent::runUntilStopped);
    }

    /** Inserts one READY machine and starts its agent in {@code machineDir}. */
    public static RunningAgent onNewMachine(TestAllocator allocator, Path machineDir) {
        String token = allocator.insertReadyMachines(1).getFirst();
        String name = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1").query(String.class).single();
        return start(allocator, name, token, machineDir);
    }

    public static RunningAgent start(TestAllocator allocator, String name, String token, Path machineDir) {
        return start(allocator, name, token, machineDir, java.util.function.UnaryOperator.identity());
    }

    /** @param adjust changes the agent's settings, e.g. {@code settings -> settings.withContainerEngine(standIn)} */
    public static RunningAgent start(TestAllocator allocator, String name, String token, Path machineDir,
                                     java.util.function.UnaryOperator<AgentSettings> adjust) {
        Agent agent = new Agent(adjust.apply(new AgentSettings(allocator.uri("/"), token, name, machineDir, Duration.ofSeconds(2),
                machineDir.resolve("no-nvidia-smi").toString(), machineDir.resolve("no-start-host").toString())));
        return new RunningAgent(name, agent);
    }

    public Machine machine(TestAllocator allocator) {
        return allocator.context.getBean(dev.lablink.server.machines.MachineRepository.class).findByName(machineName).orElseThrow();
    }

    /** Tunnel streams the agent is copying now. */
    public int openTunnelStreams() {
        return agent.openTunnelStreams();
    }

    @Override
    public void close() throws InterruptedException {
        agent.stop();
        thread.join(Duration.ofSeconds(10));
    }
}
