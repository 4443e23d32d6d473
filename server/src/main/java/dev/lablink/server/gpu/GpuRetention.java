package dev.lablink.server.gpu;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.background.TickingComponent;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Keeps every GPU sample for a day, then only 5-minute summaries, for as long as logs are kept
 * ({@code logs.retention_days}).
 */
@Component
public class GpuRetention extends TickingComponent {
    static final Duration RAW_FOR = Duration.ofDays(1);
    static final Duration PERIOD = Duration.ofMinutes(10);

    private final GpuRepository gpus;
    private final Duration keep;

    public GpuRetention(GpuRepository gpus, LabLinkConfig config) {
        super("lablink-gpu-retention");
        this.gpus = gpus;
        this.keep = Duration.ofDays(config.logs().retentionDays());
    }

    public void enforce() {
        gpus.downsampleOlderThan(Instant.now().minus(RAW_FOR));
        gpus.deleteSummariesOlderThan(Instant.now().minus(keep));
    }

    @Override
    protected void schedule() {
        every(PERIOD, this::enforce);
    }
}
