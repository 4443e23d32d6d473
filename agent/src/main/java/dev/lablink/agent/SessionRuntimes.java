package dev.lablink.agent;

import java.util.List;
import java.util.Optional;

/** Picks how sessions run from the allocator's orders (see {@link SessionRuntime}). */
final class SessionRuntimes {
    private SessionRuntimes() {
    }

    /**
     * An image and a container engine that answers: {@link ContainerSession}; an image but no engine:
     * the command as a process, said once; no image: a process, as before.
     *
     * @param tunnelPorts the session's ports, which a container publishes to 127.0.0.1
     * @param current     the runtime in use now, kept when the orders do not change what is needed
     */
    static SessionRuntime choose(AgentSettings settings, SessionOrders orders, List<Integer> tunnelPorts, SessionRuntime current)
            throws InterruptedException {
        if (PodSession.isWanted(System.getenv())) { // a Kubernetes pod: the session container runs the image
            return current instanceof PodSession ? current : PodSession.fromEnvironment(System.getenv(), settings);
        }
        if (orders.image() == null) {
            return use(current instanceof SessionRunner existing ? existing : new SessionRunner(settings.workDir()), orders);
        }
        if (current instanceof ContainerSession container && container.image().equals(orders.image())) {
            return current;
        }
        if (current instanceof SessionRunner runner && runner.toldNoEngine()) {
            return use(runner, orders); // looked for an engine already; the log said so once
        }
        Optional<ContainerEngine> engine = ContainerEngine.find(settings.containerEngine(), System.getenv(), settings.workDir());
        if (engine.isEmpty()) {
            SessionRunner runner = current instanceof SessionRunner existing ? existing : new SessionRunner(settings.workDir());
            runner.tellNoEngine(orders.image());
            return use(runner, orders);
        }
        NvidiaSmi.Reading reading = new NvidiaSmi(settings.nvidiaSmi()).read();
        boolean gpus = "ok".equals(reading.status()) && !reading.gpus().isEmpty();
        return new ContainerSession(engine.get(), settings.machineName(), settings.workDir(), orders, tunnelPorts, gpus);
    }

    private static SessionRunner use(SessionRunner runner, SessionOrders orders) {
        runner.use(orders);
        return runner;
    }
}
