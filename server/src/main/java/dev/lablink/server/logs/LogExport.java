package dev.lablink.server.logs;

import dev.lablink.server.machines.Machine;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** A machine's log as a text file, written a page at a time so that a large log never sits in memory. */
@Component
public class LogExport {
    private final LogRepository logs;

    public LogExport(LogRepository logs) {
        this.logs = logs;
    }

    /** One line per line: time, stream, text. */
    public ResponseEntity<StreamingResponseBody> asFile(Machine machine, LogRepository.Filter filter) {
        return asFile(machine, filter, false);
    }

    /** @param raw the text as stored, terminal escapes included (only when asked for) */
    public ResponseEntity<StreamingResponseBody> asFile(Machine machine, LogRepository.Filter filter, boolean raw) {
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            long after = 0;
            List<LogLine> page;
            do {
                page = logs.page(machine.id(), after, filter, LogController.MAX_PAGE, raw);
                for (LogLine line : page) {
                    writer.write(line.at() + " " + line.stream() + " " + line.text() + "\n");
                }
                after = page.isEmpty() ? after : page.getLast().id();
            } while (page.size() == LogController.MAX_PAGE);
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + machine.name() + ".log\"")
                .body(body);
    }
}
