package dev.lablink.server.live;

import dev.lablink.server.allocation.SeatCounts;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** The bits of participant pages that the seat stream carries, rendered from {@code participant/live.html}. */
@Component
public class SeatFragments {
    private final ITemplateEngine templates;

    public SeatFragments(ITemplateEngine templates) {
        this.templates = templates;
    }

    public String seatCount(SeatCounts counts) {
        return render("seatCount", counts);
    }

    public String seatNotice(SeatCounts counts) {
        return render("seatNotice", counts);
    }

    /** One line: an SSE data field ends at a newline. */
    private String render(String fragment, SeatCounts counts) {
        Context context = new Context();
        context.setVariables(Map.of("seats", counts));
        return templates.process("participant/live", Set.of(fragment), context).replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
