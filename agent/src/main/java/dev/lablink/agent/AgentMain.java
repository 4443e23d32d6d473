package dev.lablink.agent;

/** Entry point of the machine-side agent; configured by environment (see {@link AgentSettings}). */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        AgentSettings settings;
        try {
            settings = AgentSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("lablink agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = new Agent(settings);
        Thread loop = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            loop.interrupt();
        }, "lablink-agent-shutdown"));
        if (!agent.runUntilStopped()) {
            System.exit(3);
        }
    }
}
