package dev.lablink.server.live;

import dev.lablink.server.allocation.SeatCounts;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The bits of participant pages that the seat stream carries, rendered from {@code participant/live.html}. */
@Component
public class SeatFragments {
    private final FragmentRenderer renderer;

    public SeatFragments(FragmentRenderer renderer) {
        this.renderer = renderer;
    }

    public String seatCount(SeatCounts counts) {
        return renderer.render("participant/live", "seatCount", Map.of("seats", counts));
    }

    public String seatHeading(SeatCounts counts) {
        return renderer.render("participant/live", "seatHeading", Map.of("seats", counts));
    }

    public String seatNotice(SeatCounts counts) {
        return renderer.render("participant/live", "seatNotice", Map.of("seats", counts));
    }
}
