package dev.lablink.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import tools.jackson.jr.ob.JSON;

/**
 * Ships what the machine prints (start-up script, session, agent, and the files the allocator
 * lists) in gzip-compressed batches. The log files themselves are the spool: the agent remembers
 * how far the allocator has acknowledged each one (in {@code .lablink-log-offsets}), so nothing is
 * lost while the allocator is away or restarting, and a batch sent twice is dropped there by its
 * sequence numbers (the line's byte offset). The backlog per file is bounded: beyond
 * {@code spool_max_mb} the oldest unsent part is skipped, and a line says how much.
 */
class LogShipper {
    static final long DEFAULT_SPOOL_MAX_BYTES = 64L * 1024 * 1024;
    static final int MAX_BATCH_BYTES = 256 * 1024;
    static final int MAX_BATCH_LINES = 2000;
    static final int MAX_LINE_BYTES = 16 * 1024;
    private static final long GENERATION_SHIFT = 40;
    private static final Duration IDLE = Duration.ofMillis(500);
    private static final String OFFSETS_FILE = ".lablink-log-offsets";

    /** A file to follow and the stream name its lines carry. */
    record Source(String stream, Path file) {
    }

    /** How far the allocator has acknowledged a source; the generation grows when the file was truncated. */
    record Position(long generation, long offset) {
        long seq(long at) {
            return (generation << GENERATION_SHIFT) | at;
        }
    }

    private final AllocatorClient client;
    private final Path workDir;
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    private final Map<String, Position> acknowledged = new LinkedHashMap<>();
    private volatile List<Source> sources = List.of();
    private volatile long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    private volatile boolean running = true;
    private boolean failing;
    private Thread thread;

    LogShipper(AllocatorClient client, Path workDir) {
        this.client = client;
        this.workDir = workDir;
        load();
    }

    /** What to ship: the agent's own logs plus the allocator's {@code logs.files}. */
    void configure(List<String> extraFiles, long spoolMaxBytes) {
        List<Source> list = new ArrayList<>(List.of(
                new Source("startup", workDir.resolve("startup.log")),
                new Source("session", workDir.resolve("session.log")),
                new Source("agent", workDir.resolve("agent.log"))));
        extraFiles.forEach(file -> list.add(new Source(file, Path.of(file))));
        this.sources = List.copyOf(list);
        this.spoolMaxBytes = spoolMaxBytes;
    }

    synchronized void startOnce() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("lablink-logs").start(this::run);
        }
    }

    private void run() {
        while (running) {
            try {
                boolean more = shipOnce();
                backoff.reset();
                if (failing) {
                    Agent.log("logs reach the allocator again");
                    failing = false;
                }
                if (!more) {
                    Thread.sleep(IDLE);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                Duration pause = backoff.next();
                if (!failing) {
                    Agent.log("could not ship logs (" + e.getMessage() + "); keeping them on disk and retrying");
                    failing = true;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Sends one batch; returns true when it was full, so that the next one follows at once. */
    boolean shipOnce() throws IOException, InterruptedException {
        List<Map<String, Object>> lines = new ArrayList<>();
        Map<String, Position> next = new LinkedHashMap<>();
        int[] budget = {MAX_BATCH_BYTES};
        for (Source source : sources) {
            if (lines.size() >= MAX_BATCH_LINES || budget[0] <= 0) {
                break;
            }
            read(source, lines, budget).ifPresent(position -> next.put(source.stream(), position));
        }
        if (lines.isEmpty()) {
            next.forEach(acknowledged::put); // truncations seen, nothing to send
            return false;
        }
        client.shipLogs(gzip(JSON.std.asBytes(Map.of("lines", lines))));
        acknowledged.putAll(next);
        save();
        return lines.size() >= MAX_BATCH_LINES || budget[0] <= 0;
    }

    private java.util.Optional<Position> read(Source source, List<Map<String, Object>> lines, int[] budget) throws IOException {
        if (!Files.isRegularFile(source.file())) {
            return java.util.Optional.empty();
        }
        Position position = acknowledged.getOrDefault(source.stream(), new Position(0, 0));
        try (RandomAccessFile file = new RandomAccessFile(source.file().toFile(), "r")) {
            long size = file.length();
            if (size < position.offset()) {
                position = new Position(position.generation() + 1, 0); // truncated or replaced: start again
            }
            long offset = position.offset();
            if (size - offset > spoolMaxBytes) {
                long skipTo = lineStartAtOrAfter(file, size - spoolMaxBytes, size);
                lines.add(line(source.stream(), position.seq(offset), "[lablink: skipped " + (skipTo - offset) + " bytes of "
                        + source.stream() + " that could not be sent in time (logs.spool_max_mb)]"));
                offset = skipTo;
            }
            int want = (int) Math.min(Math.min(budget[0], size - offset), MAX_BATCH_BYTES);
            if (want <= 0) {
                return java.util.Optional.of(new Position(position.generation(), offset));
            }
            byte[] chunk = new byte[want];
            file.seek(offset);
            file.readFully(chunk);
            int start = 0;
            for (int i = 0; i < chunk.length && lines.size() < MAX_BATCH_LINES; i++) {
                boolean newline = chunk[i] == '\n';
                boolean overlong = i - start + 1 >= MAX_LINE_BYTES;
                if (newline || overlong) {
                    int end = newline && i > start && chunk[i - 1] == '\r' ? i - 1 : (newline ? i : i + 1);
                    lines.add(line(source.stream(), position.seq(offset + start), new String(chunk, start, end - start, StandardCharsets.UTF_8)));
                    start = i + 1;
                }
            }
            budget[0] -= start;
            return java.util.Optional.of(new Position(position.generation(), offset + start));
        }
    }

    /** The offset where the first line at or after {@code from} starts. */
    private static long lineStartAtOrAfter(RandomAccessFile file, long from, long size) throws IOException {
        file.seek(Math.max(0, from - 1));
        long at = Math.max(0, from - 1);
        if (from == 0) {
            return 0;
        }
        int b;
        while (at < size && (b = file.read()) != -1) {
            at++;
            if (b == '\n') {
                return at;
            }
        }
        return size;
    }

    private static Map<String, Object> line(String stream, long seq, String text) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("stream", stream);
        line.put("seq", seq);
        line.put("at", Instant.now().toString());
        line.put("text", text);
        return line;
    }

    private static byte[] gzip(byte[] json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(json);
        }
        return out.toByteArray();
    }

    private void load() {
        Path file = workDir.resolve(OFFSETS_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties saved = new Properties();
        try (var in = Files.newInputStream(file)) {
            saved.load(in);
            for (String stream : saved.stringPropertyNames()) {
                String[] parts = saved.getProperty(stream).trim().split("\\s+");
                acknowledged.put(stream, new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            }
        } catch (IOException | RuntimeException e) {
            Agent.log("could not read " + file + " (" + e.getMessage() + "); logs are sent again from the start and duplicates dropped");
        }
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a file. */
    private void save() throws IOException {
        Properties saved = new Properties();
        acknowledged.forEach((stream, position) -> saved.setProperty(stream, position.generation() + " " + position.offset()));
        Path temporary = workDir.resolve(OFFSETS_FILE + ".tmp");
        try (var out = Files.newOutputStream(temporary)) {
            saved.store(out, "how far the allocator has acknowledged each log");
        }
        Files.move(temporary, workDir.resolve(OFFSETS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
