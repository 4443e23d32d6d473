package dev.lablink.server;

import java.util.Map;

/**
 * How many carrier threads run the allocator's virtual threads. The JDK's default is one per
 * core: two on a small host, and a virtual thread that blocks while it cannot unmount (in class
 * loading, in native code, in a monitor before JDK 24) holds its carrier meanwhile. Two such
 * threads were enough to hang the allocator for good under a burst of requests: no carrier was
 * left for the virtual thread that held the lock they waited for. Set before the first virtual
 * thread exists, and only where the operator did not choose (-D on the command line wins).
 */
final class VirtualThreadCarriers {
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final String MAX_POOL_SIZE = "jdk.virtualThreadScheduler.maxPoolSize";
    /** Carriers cost an idle platform thread each; this many leaves room for a few pinned ones. */
    static final int MIN_PARALLELISM = 16;
    static final int MIN_MAX_POOL_SIZE = 512;

    private VirtualThreadCarriers() {
    }

    /** The settings for a host with {@code cores} cores. */
    static Map<String, String> settings(int cores) {
        int parallelism = Math.max(cores, MIN_PARALLELISM);
        return Map.of(PARALLELISM, String.valueOf(parallelism), MAX_POOL_SIZE, String.valueOf(Math.max(MIN_MAX_POOL_SIZE, 2 * parallelism)));
    }

    static void configure() {
        settings(Runtime.getRuntime().availableProcessors()).forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
