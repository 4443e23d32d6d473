package dev.lablink.agent;

import java.io.IOException;
import java.util.Optional;

/**
 * How a participant's session runs on this machine: a process on the machine itself
 * ({@link SessionRunner}), or an OCI image in a container engine. Chosen once the allocator's orders
 * say what the session is ({@link SessionRuntimes}).
 */
interface SessionRuntime {

    /** Readies the machine before it is READY (an image pulled ahead); the failure to report, in words, when it cannot. */
    default Optional<String> prepare(SessionOrders orders) throws InterruptedException {
        return Optional.empty();
    }

    /** Starts the session of {@code assignment}, stopping any before it; the exception's message is the FAILED reason. */
    void start(Assignment assignment) throws IOException;

    boolean isRunning();

    /** Stops the session and everything it started; nothing when none runs. */
    void stop();

    /** Where the session's files are on the machine (the repository is cloned into it); {@code agentWorkDir} unless the runtime keeps its own. */
    default java.nio.file.Path filesDirectory(java.nio.file.Path agentWorkDir) {
        return agentWorkDir;
    }

    /** In words, for the agent's log: "a process on this machine", "docker", … */
    String describe();
}
