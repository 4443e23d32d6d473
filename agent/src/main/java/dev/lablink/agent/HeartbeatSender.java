package dev.lablink.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells the allocator every few seconds that this machine is alive, with the facts an admin needs
 * to judge it: boot id, free disk, load, and whether the session still runs. Runs on its own
 * thread, so a long poll or a slow session start never delays it.
 */
class HeartbeatSender {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final AllocatorClient client;
    private final Path workDir;
    private final Supplier<Boolean> sessionAlive;
    private volatile Duration interval = DEFAULT_INTERVAL;
    private volatile boolean running = true;
    private boolean failing;
    private Thread thread;

    HeartbeatSender(AllocatorClient client, Path workDir, Supplier<Boolean> sessionAlive) {
        this.client = client;
        this.workDir = workDir;
        this.sessionAlive = sessionAlive;
    }

    void setInterval(Duration interval) {
        this.interval = interval;
    }

    /** Starts beating, the first beat at once; later calls change nothing. */
    synchronized void startOnce() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("lablink-heartbeat").start(this::run);
        }
    }

    private void run() {
        while (running) {
            try {
                interval = client.heartbeat(facts());
                if (failing) {
                    Agent.log("heartbeats reach the allocator again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    Agent.log("heartbeat failed (" + e.getMessage() + "); still trying every " + interval.toSeconds() + " s");
                    failing = true;
                }
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        bootId().ifPresent(id -> facts.put("boot_id", id));
        try {
            facts.put("disk_free_bytes", Files.getFileStore(workDir).getUsableSpace());
        } catch (IOException e) {
            // unknown; the allocator shows it as such
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load >= 0) {
            facts.put("load_1m", load);
        }
        Boolean alive = sessionAlive.get();
        if (alive != null) {
            facts.put("session_alive", alive);
        }
        return facts;
    }

    private static java.util.Optional<String> bootId() {
        try {
            return java.util.Optional.of(Files.readString(BOOT_ID).trim());
        } catch (IOException e) {
            return java.util.Optional.empty(); // not Linux: no reboot detection
        }
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
