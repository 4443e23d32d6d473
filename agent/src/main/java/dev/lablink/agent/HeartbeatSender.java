package dev.lablink.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells the allocator every few seconds that this machine is alive, with the facts an admin needs
 * to judge it: boot id, free disk, load, whether the session still runs, and which of the
 * session's tunnel ports answer. Runs on its own thread, so a long poll or a slow session start
 * never delays it. The ports are probed every {@link #PROBE_EVERY}, and a change (an app that came
 * up or went away) is sent at once rather than at the next beat, so seat pages follow it quickly.
 */
class HeartbeatSender {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final AllocatorClient client;
    private final Path workDir;
    private final Supplier<Boolean> sessionAlive;
    private volatile Duration interval = DEFAULT_INTERVAL;
    private volatile boolean running = true;
    private volatile List<Integer> ports = List.of();
    private volatile SoftwareWatch software;
    private List<Integer> sentReady;
    private Boolean sentSoftware;
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

    /** The session's app ports (from the allocator's orders), whose answering ones each heartbeat reports. */
    void setPorts(List<Integer> ports) {
        this.ports = List.copyOf(ports);
    }

    /** {@code session.software} (null: none), whose running each heartbeat reports. */
    void setSoftware(String name) {
        this.software = name == null ? null : new SoftwareWatch(name);
    }

    /** Starts beating, the first beat at once; later calls change nothing. */
    synchronized void startOnce() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("lablink-heartbeat").start(this::run);
        }
    }

    private void run() {
        while (running) {
            List<Integer> ready = PortProbe.answering(ports);
            try {
                Map<String, Object> facts = facts(ready);
                interval = client.heartbeat(facts);
                sentReady = ready;
                sentSoftware = (Boolean) facts.get("software_running");
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
                waitForNextBeat();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sleeps one interval, cut short when the set of answering ports, or whether the software runs, differs from what was last sent. */
    private void waitForNextBeat() throws InterruptedException {
        long until = System.nanoTime() + interval.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(Math.max(1, Math.min(PROBE_EVERY.toMillis(), (until - System.nanoTime()) / 1_000_000)));
            if (!ports.isEmpty() && sentReady != null && !PortProbe.answering(ports).equals(sentReady)) {
                return;
            }
            SoftwareWatch watch = software;
            if (watch != null && sentSoftware != null && watch.isRunning() != sentSoftware) {
                return;
            }
        }
    }

    Map<String, Object> facts(List<Integer> ready) {
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
        if (!ports.isEmpty()) {
            facts.put("ready_ports", ready);
        }
        SoftwareWatch watch = software;
        if (watch != null) {
            facts.put("software_running", watch.isRunning());
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
