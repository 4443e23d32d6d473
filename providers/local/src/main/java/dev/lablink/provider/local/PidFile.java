package dev.lablink.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pid and start time of a machine's agent process, written beside it so that a restarted
 * allocator finds its machines again. The start time guards against a recycled pid.
 */
record PidFile(long pid, long startEpochMillis) {
    static final String FILE_NAME = "agent.pid";

    static PidFile of(ProcessHandle process) {
        return new PidFile(process.pid(), startMillis(process).orElse(0L));
    }

    static Optional<PidFile> read(Path machineDir) {
        try {
            String[] parts = Files.readString(machineDir.resolve(FILE_NAME)).trim().split("\\s+");
            return Optional.of(new PidFile(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (IOException | RuntimeException e) {
            // absent (destroyed or never started) or half-written: either way there is no process to find
            return Optional.empty();
        }
    }

    void write(Path machineDir) throws IOException {
        Path temporary = machineDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temporary, pid + " " + startEpochMillis + "\n");
        Files.move(temporary, machineDir.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void delete(Path machineDir) throws IOException {
        Files.deleteIfExists(machineDir.resolve(FILE_NAME));
    }

    /** The live process this file describes, if it is still the same process. */
    Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> startMillis(handle).map(start -> start == startEpochMillis).orElse(false));
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli);
    }
}
