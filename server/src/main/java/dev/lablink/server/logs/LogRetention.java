package dev.lablink.server.logs;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.LogsSettings;
import dev.lablink.server.background.TickingComponent;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes log lines past {@code logs.retention_days} and beyond {@code logs.max_mb_per_machine}, every few minutes. */
@Component
public class LogRetention extends TickingComponent {
    static final Duration PERIOD = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(LogRetention.class);

    private final LogRepository logs;
    private final LogsSettings settings;

    public LogRetention(LogRepository logs, LabLinkConfig config) {
        super("lablink-log-retention");
        this.logs = logs;
        this.settings = config.logs();
    }

    /** One round; returns how many lines went. */
    public int enforce() {
        int byAge = logs.deleteOlderThan(Instant.now().minus(Duration.ofDays(settings.retentionDays())));
        int bySize = logs.trimEachMachineTo(settings.maxMbPerMachine() * 1024L * 1024L);
        if (byAge + bySize > 0) {
            log.info("log retention deleted {} lines older than {} days and {} beyond {} MB per machine",
                    byAge, settings.retentionDays(), bySize, settings.maxMbPerMachine());
        }
        return byAge + bySize;
    }

    @Override
    protected void schedule() {
        every(PERIOD, this::enforce);
    }
}
