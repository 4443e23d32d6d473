package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The session's memory bounds ({@code session.memory_limit_pct}, hard, and
 * {@code memory_soft_limit_pct}) in KiB of this machine's memory, so that a notebook that runs out of
 * memory is stopped before it takes the agent and the machine down.
 */
record MemoryGuard(long limitKib, long softLimitKib) {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    /** The bounds for this machine; empty when its memory cannot be read. */
    static Optional<MemoryGuard> of(SessionOrders orders) {
        return totalKib(MEMINFO).map(total -> new MemoryGuard(total * orders.memoryLimitPct() / 100, total * orders.memorySoftLimitPct() / 100));
    }

    /** {@code MemTotal} of {@code meminfo}, in KiB. */
    static Optional<Long> totalKib(Path meminfo) {
        try {
            return Files.readAllLines(meminfo).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The engine's flags: {@code --memory} (hard) and {@code --memory-reservation} (soft). */
    List<String> engineFlags() {
        return List.of("--memory", limitKib + "k", "--memory-reservation", softLimitKib + "k");
    }

    /**
     * {@code command} run under a systemd scope with MemoryHigh (soft) and MemoryMax (hard), when
     * {@code systemd-run --user --scope} works here; empty when it does not (no user manager, a container).
     */
    Optional<List<String>> scoped(List<String> command) throws InterruptedException {
        List<String> probe = List.of("systemd-run", "--user", "--scope", "--quiet", "-p", "MemoryMax=" + limitKib + "K", "true");
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> scoped = new java.util.ArrayList<>(List.of("systemd-run", "--user", "--scope", "--quiet",
                "-p", "MemoryHigh=" + softLimitKib + "K", "-p", "MemoryMax=" + limitKib + "K", "--"));
        scoped.addAll(command);
        return Optional.of(scoped);
    }
}
