package dev.lablink.server.console;

import dev.lablink.server.events.Event;
import dev.lablink.server.events.EventRepository;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit trail, newest first, a page at a time; the newest page updates live. */
@Controller
class EventsPageController {
    static final int PAGE_SIZE = 50;

    private final EventRepository events;

    EventsPageController(EventRepository events) {
        this.events = events;
    }

    @GetMapping("/admin/events")
    String events(@RequestParam(name = "before", required = false) Long before, Model model) {
        addPage(before, model);
        return "console/events";
    }

    @GetMapping("/admin/events/table")
    String table(@RequestParam(name = "before", required = false) Long before, Model model) {
        addPage(before, model);
        return "console/events :: table";
    }

    private void addPage(Long before, Model model) {
        List<Event> page = events.page(before, PAGE_SIZE, null);
        model.addAttribute("events", page);
        model.addAttribute("before", before);
        model.addAttribute("older", page.size() == PAGE_SIZE ? page.getLast().id() : null);
    }
}
