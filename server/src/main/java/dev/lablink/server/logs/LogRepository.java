package dev.lablink.server.logs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for log lines: one statement per batch, duplicates dropped by the (machine, stream, seq) key. */
@Repository
public class LogRepository {
    /** Notified with the machine's id when lines for it arrive. */
    public static final String CHANNEL = "lablink_logs";
    /** As stored, for a download that asks for the raw bytes. */
    private static final RowMapper<LogLine> RAW = (rs, n) -> new LogLine(rs.getLong("id"), rs.getString("stream"),
            rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("text"));
    /** As every page, API answer and download shows lines: without terminal escapes (see TerminalText). */
    private static final RowMapper<LogLine> ROW = (rs, n) -> {
        LogLine raw = RAW.mapRow(rs, n);
        return new LogLine(raw.id(), TerminalText.strip(raw.stream()), raw.seq(), raw.at(), TerminalText.strip(raw.text()));
    };

    private final JdbcClient jdbc;

    public LogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A batch as parallel arrays, the shape {@code unnest} takes. */
    public record Batch(String[] streams, long[] seqs, long[] atMillis, String[] texts) {
        public int size() {
            return streams.length;
        }
    }

    /** Stores the lines not stored yet; returns how many were new. */
    public int insert(long machineId, Batch batch) {
        return jdbc.sql("""
                WITH inserted AS (
                    INSERT INTO log_lines (machine_id, stream, seq, at, text)
                    SELECT :machine, stream, seq, to_timestamp(at_ms / 1000.0), text
                      FROM unnest(CAST(:streams AS text[]), CAST(:seqs AS bigint[]), CAST(:ats AS bigint[]), CAST(:texts AS text[]))
                           AS t(stream, seq, at_ms, text)
                    ON CONFLICT ON CONSTRAINT log_lines_once DO NOTHING
                    RETURNING 1
                )
                SELECT count(*) AS accepted,
                       CASE WHEN count(*) > 0 THEN pg_notify('%s', CAST(:machine AS text)) END
                  FROM inserted
                """.formatted(CHANNEL))
                .param("machine", machineId)
                .param("streams", batch.streams())
                .param("seqs", batch.seqs())
                .param("ats", batch.atMillis())
                .param("texts", batch.texts())
                .query((rs, n) -> rs.getInt("accepted"))
                .single();
    }

    /**
     * Stores lines that came without sequence numbers (LabLink client images), numbering them from
     * {@code compat_log_seq}; they all get the time of arrival.
     */
    public void insertUnnumbered(long machineId, String stream, List<String> texts) {
        jdbc.sql("""
                WITH inserted AS (
                    INSERT INTO log_lines (machine_id, stream, seq, at, text)
                    SELECT :machine, :stream, nextval('compat_log_seq'), now(), text
                      FROM unnest(CAST(:texts AS text[])) WITH ORDINALITY AS t(text, position) ORDER BY position
                    RETURNING 1
                )
                SELECT count(*), CASE WHEN count(*) > 0 THEN pg_notify('%s', CAST(:machine AS text)) END FROM inserted
                """.formatted(CHANNEL))
                .param("machine", machineId)
                .param("stream", stream)
                .param("texts", texts.toArray(String[]::new))
                .query().singleRow();
    }

    /** What a page of lines is filtered by; null fields do not filter. */
    public record Filter(Instant since, String stream, String text) {
        public static final Filter NONE = new Filter(null, null, null);
    }

    /** Lines after {@code afterId}, oldest first, without terminal escapes. */
    public List<LogLine> page(long machineId, long afterId, Filter filter, int limit) {
        return page(machineId, afterId, filter, limit, false);
    }

    /** @param raw the text as stored, escape sequences and all */
    public List<LogLine> page(long machineId, long afterId, Filter filter, int limit, boolean raw) {
        return jdbc.sql("""
                SELECT id, stream, seq, at, text FROM log_lines
                 WHERE machine_id = :machine AND id > :after
                   AND (CAST(:since AS timestamptz) IS NULL OR at >= :since)
                   AND (CAST(:stream AS text) IS NULL OR stream = :stream)
                   AND (CAST(:pattern AS text) IS NULL OR text ILIKE :pattern ESCAPE '\\')
                 ORDER BY id
                 LIMIT :limit
                """)
                .param("machine", machineId)
                .param("after", afterId)
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("stream", filter.stream())
                .param("pattern", filter.text() == null ? null : "%" + escapeLike(filter.text()) + "%")
                .param("limit", limit)
                .query(raw ? RAW : ROW)
                .list();
    }

    /** The newest {@code count} lines, oldest first: where a live tail starts. */
    public List<LogLine> newest(long machineId, int count) {
        return jdbc.sql("""
                SELECT * FROM (SELECT id, stream, seq, at, text FROM log_lines WHERE machine_id = :machine
                                ORDER BY id DESC LIMIT :count) newest
                 ORDER BY id
                """)
                .param("machine", machineId)
                .param("count", count)
                .query(ROW)
                .list();
    }

    public List<String> streams(long machineId) {
        return jdbc.sql("SELECT DISTINCT stream FROM log_lines WHERE machine_id = :machine ORDER BY stream")
                .param("machine", machineId)
                .query(String.class)
                .list();
    }

    /** Retention by age: deletes lines older than {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM log_lines WHERE at < :cutoff").param("cutoff", Timestamp.from(cutoff)).update();
    }

    /** Retention by size: keeps each machine's newest lines up to {@code maxBytes} of text; returns how many went. */
    public int trimEachMachineTo(long maxBytes) {
        return jdbc.sql("""
                DELETE FROM log_lines l USING (
                    SELECT id FROM (
                        SELECT id, sum(octet_length(text)) OVER (PARTITION BY machine_id ORDER BY id DESC) AS newer_bytes
                          FROM log_lines
                         WHERE machine_id IN (SELECT machine_id FROM log_lines GROUP BY machine_id
                                               HAVING sum(octet_length(text)) > :max)
                    ) ranked WHERE newer_bytes > :max
                ) old
                 WHERE l.id = old.id
                """)
                .param("max", maxBytes)
                .update();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
