package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether {@code session.software} runs on this machine (LabLink's in-use status): a process whose
 * name (the kernel's {@code comm}), program or first argument's file name is that name. The first
 * argument counts because scripts run through an interpreter ({@code python3 /opt/sleap/sleap-label}).
 * Processes in containers are the machine's processes too, so this also sees a session in Docker.
 */
final class SoftwareWatch {
    private final String name;

    SoftwareWatch(String name) {
        this.name = name;
    }

    boolean isRunning() {
        return ProcessHandle.allProcesses().anyMatch(this::matches);
    }

    private boolean matches(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        if (info.command().map(SoftwareWatch::fileName).filter(name::equals).isPresent()) {
            return true;
        }
        if (info.arguments().filter(args -> args.length > 0).map(args -> fileName(args[0])).filter(name::equals).isPresent()) {
            return true;
        }
        // comm is at most 15 characters: a longer name matches its first 15
        return comm(process.pid()).filter(comm -> comm.equals(name) || (comm.length() == 15 && name.startsWith(comm))).isPresent();
    }

    private static Optional<String> comm(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile, or not Linux
        }
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
