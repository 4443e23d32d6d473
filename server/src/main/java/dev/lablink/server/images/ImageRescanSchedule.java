package dev.lablink.server.images;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.background.TickingComponent;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Rescans every registry shortly after start, then every {@code images.rescan_minutes}; with 0, only on request. */
@Component
class ImageRescanSchedule extends TickingComponent {
    static final String ACTOR = "system:image-rescan";
    static final Duration AFTER_START = Duration.ofSeconds(15);

    private final ImageCatalog catalog;
    private final int minutes;

    ImageRescanSchedule(ImageCatalog catalog, LabLinkConfig config) {
        super("image-rescan");
        this.catalog = catalog;
        this.minutes = config.images().rescanMinutes();
    }

    @Override
    protected void schedule() {
        if (catalog.registries().isEmpty() || minutes <= 0) {
            return;
        }
        after(AFTER_START, () -> catalog.rescan(null, ACTOR));
        every(Duration.ofMinutes(minutes), () -> catalog.rescan(null, ACTOR));
    }
}
