package dev.lablink.server.provisioning;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The image catalog's live tags (those the last rescan still listed), read for launching: the
 * create form's choice and the digest a batch pins. The catalog itself (scans, the Images page) is
 * the {@code images} feature's; this reads its table only.
 */
@Repository
public class CatalogImages {
    private final JdbcClient jdbc;

    public CatalogImages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One tag of the catalog: {@code reference} is {@code host/repository:tag}, as a pull names it. */
    public record Tag(String registry, String repository, String tag, String reference, String digest, Long sizeBytes) {

        /** The registry's host[:port], as the reference names it. */
        public String host() {
            return reference.substring(0, reference.indexOf('/'));
        }

        /** {@code host/repository:tag@sha256:…}: the tag kept for readers, the digest for the pull. */
        public String pinned() {
            return reference + "@" + digest;
        }
    }

    /** Every live tag, by reference. */
    public List<Tag> live() {
        return jdbc.sql("""
                SELECT registry, repository, tag, reference, digest, size_bytes FROM images
                WHERE gone_at IS NULL ORDER BY reference
                """)
                .query((rs, n) -> new Tag(rs.getString("registry"), rs.getString("repository"), rs.getString("tag"),
                        rs.getString("reference"), rs.getString("digest"), rs.getObject("size_bytes", Long.class)))
                .list();
    }
}
