package dev.lablink.core.config;

import java.util.List;

/**
 * {@code logs.*}: which files each agent ships besides its own start-up and session output, how
 * much an agent keeps on disk while the allocator is unreachable, and how long and how much the
 * allocator keeps per machine.
 */
public record LogsSettings(List<String> files, Integer spoolMaxMb, Integer retentionDays, Integer maxMbPerMachine) {
    public LogsSettings {
        files = files == null ? List.of() : List.copyOf(files);
        spoolMaxMb = spoolMaxMb == null ? 64 : spoolMaxMb;
        retentionDays = retentionDays == null ? 14 : retentionDays;
        maxMbPerMachine = maxMbPerMachine == null ? 100 : maxMbPerMachine;
    }
}
