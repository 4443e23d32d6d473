package dev.lablink.server.images;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code images} and {@code image_scans} tables. */
@Repository
public class ImageStore {
    /** A rescan whose allocator went away without finishing it stops blocking the next one after this long. */
    static final int STALE_SCAN_MINUTES = 30;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ImageStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The catalog, by registry, repository and tag; {@code registry} null for all; gone rows only when asked. */
    public List<CatalogImage> list(String registry, boolean includeGone) {
        return jdbc.sql("""
                SELECT registry, repository, tag, reference, digest, size_bytes, scanned_at, gone_at FROM images
                 WHERE (CAST(:registry AS text) IS NULL OR registry = :registry) AND (:gone OR gone_at IS NULL)
                 ORDER BY registry, repository, tag
                """)
                .param("registry", registry)
                .param("gone", includeGone)
                .query((rs, n) -> new CatalogImage(rs.getString("registry"), rs.getString("repository"), rs.getString("tag"),
                        rs.getString("reference"), rs.getString("digest"), (Long) rs.getObject("size_bytes"),
                        instant(rs, "scanned_at"), instant(rs, "gone_at")))
                .list();
    }

    public List<ImageScan> scans() {
        return jdbc.sql("SELECT * FROM image_scans ORDER BY registry").query(ImageStore::scan).list();
    }

    public Optional<ImageScan> scan(String registry) {
        return jdbc.sql("SELECT * FROM image_scans WHERE registry = :registry").param("registry", registry).query(ImageStore::scan).optional();
    }

    /**
     * Marks a rescan of {@code registry} as running, unless one already runs (here or on another
     * allocator sharing the database): the one statement two allocators cannot both win.
     */
    boolean begin(String registry) {
        return jdbc.sql("""
                INSERT INTO image_scans (registry, started_at) VALUES (:registry, now())
                ON CONFLICT (registry) DO UPDATE SET started_at = now(), finished_at = NULL, tags_done = NULL, tags_total = NULL
                 WHERE image_scans.finished_at IS NOT NULL OR image_scans.started_at < now() - make_interval(mins => :stale)
                """)
                .param("registry", registry)
                .param("stale", STALE_SCAN_MINUTES)
                .update() == 1;
    }

    void progress(String registry, int done, int total) {
        jdbc.sql("UPDATE image_scans SET tags_done = :done, tags_total = :total WHERE registry = :registry AND finished_at IS NULL")
                .param("registry", registry).param("done", done).param("total", total).update();
    }

    void finish(String registry, String outcome, String message, Integer imageCount) {
        jdbc.sql("""
                UPDATE image_scans SET finished_at = now(), outcome = :outcome, message = :message, image_count = :count
                 WHERE registry = :registry
                """)
                .param("registry", registry).param("outcome", outcome).param("message", message).param("count", imageCount).update();
    }

    /**
     * What a rescan found replaces the registry's part of the catalog in one transaction: each tag
     * upserted (back from gone if it was), and every tag it no longer lists marked gone.
     * Returns how many were newly marked gone.
     */
    int replace(String registry, List<CatalogImage> found, Instant scannedAt) {
        return transactions.execute(status -> {
            for (CatalogImage image : found) {
                jdbc.sql("""
                        INSERT INTO images (registry, repository, tag, reference, digest, size_bytes, scanned_at)
                        VALUES (:registry, :repository, :tag, :reference, :digest, :size, :at)
                        ON CONFLICT (registry, repository, tag) DO UPDATE SET reference = EXCLUDED.reference, digest = EXCLUDED.digest,
                            size_bytes = EXCLUDED.size_bytes, scanned_at = EXCLUDED.scanned_at, gone_at = NULL
                        """)
                        .param("registry", registry).param("repository", image.repository()).param("tag", image.tag())
                        .param("reference", image.reference()).param("digest", image.digest()).param("size", image.sizeBytes())
                        .param("at", Timestamp.from(scannedAt))
                        .update();
            }
            return jdbc.sql("UPDATE images SET gone_at = :at WHERE registry = :registry AND gone_at IS NULL AND scanned_at < :at")
                    .param("registry", registry).param("at", Timestamp.from(scannedAt)).update();
        });
    }

    private static ImageScan scan(ResultSet rs, int n) throws SQLException {
        return new ImageScan(rs.getString("registry"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("outcome"),
                rs.getString("message"), (Integer) rs.getObject("image_count"), (Integer) rs.getObject("tags_done"),
                (Integer) rs.getObject("tags_total"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
