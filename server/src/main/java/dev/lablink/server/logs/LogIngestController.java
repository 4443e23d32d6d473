package dev.lablink.server.logs;

import dev.lablink.server.agentapi.MachinePrincipal;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.JsonProblems;
import dev.lablink.server.api.Quote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/agent/logs}: a batch of lines from a machine's agent, JSON, usually
 * gzip-compressed ({@code Content-Encoding: gzip}). Lines already stored (a batch sent again
 * after a lost answer) are counted as duplicates and dropped.
 */
@RestController
public class LogIngestController {
    static final int MAX_LINES = 10_000;
    static final int MAX_LINE_CHARS = 16_384;
    static final int MAX_STREAM_CHARS = 200;
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
    private final LogRepository logs;
    /** The application's mapper: snake_case and strict about unknown fields, like every other body. */
    private final JsonMapper json;

    public LogIngestController(LogRepository logs, JsonMapper json) {
        this.logs = logs;
        this.json = json;
    }

    /** {@code text} takes any character, NUL included: {@link #clean} makes it storable rather than refusing the batch. */
    record Line(String stream, Long seq, Instant at, @JsonDeserialize(using = StringDeserializer.class) String text) {
    }

    record Body(List<Line> lines) {
    }

    public record Accepted(int accepted, int duplicates) {
    }

    @PostMapping("/api/v1/agent/logs")
    public Accepted ingest(@AuthenticationPrincipal MachinePrincipal principal,
                           @RequestHeader(name = "Content-Encoding", required = false) String encoding,
                           @RequestBody byte[] raw) {
        Body body = parse(raw, encoding);
        if (body == null || body.lines() == null) {
            throw new BadRequestException("lines", "lines is required: a list of {stream, seq, at, text}");
        }
        if (body.lines().size() > MAX_LINES) {
            throw new BadRequestException("lines", "at most " + MAX_LINES + " lines per batch; got " + body.lines().size());
        }
        LogRepository.Batch batch = toBatch(body.lines());
        int accepted = batch.size() == 0 ? 0 : logs.insert(principal.machineId(), batch);
        return new Accepted(accepted, batch.size() - accepted);
    }

    private Body parse(byte[] raw, String encoding) {
        boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
            throw new BadRequestException("Content-Encoding", "Content-Encoding " + Quote.of(encoding) + " is not supported; send gzip or nothing");
        }
        byte[] body;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new ByteArrayInputStream(raw)) {
            body = in.readNBytes((int) MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequestException("Content-Encoding", "the body is not valid gzip; send it gzip-compressed, or without Content-Encoding");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        try {
            return json.readValue(body, Body.class);
        } catch (JacksonException e) {
            JsonProblems.Problem problem = JsonProblems.describe(e);
            throw new BadRequestException(problem.field() == null ? "lines" : problem.field(), problem.field() == null
                    ? "the body must be a log batch: {\"lines\": [{\"stream\", \"seq\", \"at\", \"text\"}, …]}" : problem.detail());
        }
    }

    private static LogRepository.Batch toBatch(List<Line> lines) {
        int n = lines.size();
        String[] streams = new String[n];
        long[] seqs = new long[n];
        long[] ats = new long[n];
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            Line line = lines.get(i);
            String where = "lines[" + i + "]";
            if (line == null || line.stream() == null || line.stream().isBlank() || line.stream().length() > MAX_STREAM_CHARS) {
                throw new BadRequestException(where + ".stream", where + ".stream is required: a name of 1 to " + MAX_STREAM_CHARS + " characters");
            }
            if (line.seq() == null || line.seq() < 0) {
                throw new BadRequestException(where + ".seq", where + ".seq is required: the line's position in its stream, 0 or more");
            }
            if (line.text() == null) {
                throw new BadRequestException(where + ".text", where + ".text is required");
            }
            streams[i] = line.stream();
            seqs[i] = line.seq();
            ats[i] = (line.at() == null ? Instant.now() : line.at()).toEpochMilli();
            texts[i] = clean(line.text());
        }
        return new LogRepository.Batch(streams, seqs, ats, texts);
    }

    /** PostgreSQL text cannot hold NUL; overlong lines are cut with a marker rather than refused. */
    private static String clean(String text) {
        String noNul = text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
        return noNul.length() <= MAX_LINE_CHARS ? noNul : noNul.substring(0, MAX_LINE_CHARS) + " [lablink: line cut at " + MAX_LINE_CHARS + " characters]";
    }

    static class BodyTooLargeException extends RuntimeException {
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail tooLarge() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "a log batch may hold at most " + MAX_BODY_BYTES / (1024 * 1024) + " MB of JSON once decompressed; send smaller batches");
    }
}
