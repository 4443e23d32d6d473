package dev.lablink.agent;

/** Picks how sessions run from the allocator's orders (see {@link SessionRuntime}). */
final class SessionRuntimes {
    private SessionRuntimes() {
    }

    /** @param current the runtime in use now, kept when the orders do not change what is needed */
    static SessionRuntime choose(AgentSettings settings, SessionOrders orders, SessionRuntime current) {
        if (PodSession.isWanted(System.getenv())) { // a Kubernetes pod: the session container runs the image
            return current instanceof PodSession ? current : PodSession.fromEnvironment(System.getenv(), settings);
        }
        return current;
    }
}
