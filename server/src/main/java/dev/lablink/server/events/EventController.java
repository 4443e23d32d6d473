package dev.lablink.server.events;

import dev.lablink.server.api.BadRequestException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, newest first, paged by id. */
@RestController
@RequestMapping("/api/v1/events")
public class EventController {
    private final EventRepository events;

    public EventController(EventRepository events) {
        this.events = events;
    }

    public record EventPage(List<Event> events, Long nextBefore) {
    }

    @GetMapping
    public EventPage page(@RequestParam(name = "before", required = false) Long before,
                          @RequestParam(name = "limit", defaultValue = "50") int limit,
                          @RequestParam(name = "machine", required = false) String machine) {
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("limit", "limit must be from 1 to 500");
        }
        List<Event> page = events.page(before, limit, machine);
        Long next = page.size() == limit ? page.getLast().id() : null;
        return new EventPage(page, next);
    }
}
