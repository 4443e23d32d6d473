package dev.lablink.provider.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stops a process and everything below it: politely first, then by force. */
final class ProcessTree {
    private ProcessTree() {
    }

    static void terminate(ProcessHandle root, Duration grace) {
        // Snapshot the tree first: once the root dies its children are re-parented and lost to descendants().
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        root.destroy();
        waitForExit(List.of(root), grace);
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        waitForExit(all, Duration.ofSeconds(2));
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        waitForExit(all, Duration.ofSeconds(5));
    }

    private static void waitForExit(List<ProcessHandle> processes, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
