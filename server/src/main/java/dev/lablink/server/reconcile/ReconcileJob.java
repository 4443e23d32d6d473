package dev.lablink.server.reconcile;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.background.TickingComponent;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Reconciles once when the allocator starts (machines that vanished while it was down become
 * FAILED; running ones are kept and their agents reconnect) and then every
 * {@code reconcile.interval_seconds}.
 */
@Component
@Order(1)
public class ReconcileJob extends TickingComponent implements ApplicationRunner {
    private final ReconciliationService reconciliation;
    private final Duration interval;

    public ReconcileJob(ReconciliationService reconciliation, LabLinkConfig config) {
        super("lablink-reconcile");
        this.reconciliation = reconciliation;
        this.interval = Duration.ofSeconds(config.reconcile().intervalSeconds());
    }

    @Override
    public void run(ApplicationArguments args) {
        reconciliation.reconcile(true, "system");
    }

    @Override
    protected void schedule() {
        every(interval, () -> reconciliation.reconcile(false, "system"));
    }
}
