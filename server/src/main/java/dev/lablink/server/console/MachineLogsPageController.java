package dev.lablink.server.console;

import dev.lablink.server.logs.LogExport;
import dev.lablink.server.logs.LogLine;
import dev.lablink.server.logs.LogRepository;
import dev.lablink.server.logs.LogTail;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A machine's log in the console: the newest lines followed live, or, with a search, the matching
 * lines a page at a time; and a download of the whole log.
 */
@Controller
class MachineLogsPageController {
    static final int TAIL_LINES = 200;
    static final int SEARCH_PAGE = 500;

    private final MachineService machines;
    private final LogRepository logs;
    private final LogTail tail;
    private final LogExport export;

    MachineLogsPageController(MachineService machines, LogRepository logs, LogTail tail, LogExport export) {
        this.machines = machines;
        this.logs = logs;
        this.tail = tail;
        this.export = export;
    }

    @GetMapping("/admin/machines/{name}/logs")
    String page(@PathVariable String name,
                @RequestParam(name = "q", required = false) String q,
                @RequestParam(name = "stream", required = false) String stream,
                @RequestParam(name = "after", defaultValue = "0") long after,
                Model model) {
        Machine machine = machines.get(name);
        boolean searching = (q != null && !q.isBlank()) || (stream != null && !stream.isBlank());
        List<LogLine> lines = searching
                ? logs.page(machine.id(), after, new LogRepository.Filter(null, blank(stream), blank(q)), SEARCH_PAGE)
                : logs.newest(machine.id(), TAIL_LINES);
        model.addAttribute("machine", machine);
        model.addAttribute("lines", lines);
        model.addAttribute("searching", searching);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("stream", stream == null ? "" : stream);
        model.addAttribute("streams", logs.streams(machine.id()));
        model.addAttribute("lastId", lines.isEmpty() ? after : lines.getLast().id());
        model.addAttribute("more", searching && lines.size() == SEARCH_PAGE);
        return "console/logs";
    }

    /** Lines after {@code after}; a reconnecting page sends the last line it got as Last-Event-ID. */
    @GetMapping(path = "/admin/machines/{name}/logs/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@PathVariable String name,
                    @RequestParam(name = "after", defaultValue = "0") long after,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Machine machine = machines.get(name);
        long from = after;
        if (lastEventId != null && lastEventId.matches("\\d{1,18}")) {
            from = Math.max(from, Long.parseLong(lastEventId));
        }
        return tail.follow(machine.id(), from);
    }

    @GetMapping("/admin/machines/{name}/logs.txt")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String name,
                                                   @RequestParam(name = "q", required = false) String q,
                                                   @RequestParam(name = "stream", required = false) String stream) {
        return export.asFile(machines.get(name), new LogRepository.Filter(null, blank(stream), blank(q)));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
