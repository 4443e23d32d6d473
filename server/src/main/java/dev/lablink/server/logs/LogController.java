package dev.lablink.server.logs;

import dev.lablink.server.api.Quote;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Admin API for a machine's logs: paged and filtered, or the whole log as a file. */
@RestController
public class LogController {
    static final int MAX_PAGE = 5000;

    private final LogRepository logs;
    private final MachineService machines;
    private final LogExport export;

    public LogController(LogRepository logs, MachineService machines, LogExport export) {
        this.logs = logs;
        this.machines = machines;
        this.export = export;
    }

    /** {@code next_after} is the {@code after} for the next page; null when this page was the last. */
    public record LogPage(String machine, List<LogLine> lines, Long nextAfter) {
    }

    @GetMapping("/api/v1/vms/{name}/logs")
    public LogPage page(@PathVariable String name,
                        @RequestParam(name = "after", defaultValue = "0") long after,
                        @RequestParam(name = "since", required = false) String since,
                        @RequestParam(name = "stream", required = false) String stream,
                        @RequestParam(name = "q", required = false) String q,
                        @RequestParam(name = "limit", defaultValue = "500") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit", "limit must be from 1 to " + MAX_PAGE);
        }
        Machine machine = machines.get(name);
        List<LogLine> page = logs.page(machine.id(), after, filter(since, stream, q), limit);
        return new LogPage(machine.name(), page, page.size() == limit ? page.getLast().id() : null);
    }

    /** The whole log as text, one line per line: time, stream, text; {@code raw=true} keeps terminal escapes as sent. */
    @GetMapping("/api/v1/vms/{name}/logs.txt")
    public ResponseEntity<StreamingResponseBody> download(@PathVariable String name,
                                                          @RequestParam(name = "stream", required = false) String stream,
                                                          @RequestParam(name = "q", required = false) String q,
                                                          @RequestParam(name = "raw", defaultValue = "false") boolean raw) {
        return export.asFile(machines.get(name), filter(null, stream, q), raw);
    }

    public static LogRepository.Filter filter(String since, String stream, String q) {
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new BadRequestException("since", "since must be a time like 2026-11-23T10:15:30Z; got " + Quote.of(since));
            }
        }
        return new LogRepository.Filter(from, blankToNull(stream), blankToNull(q));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
