package dev.lablink.server.reconcile;

import dev.lablink.core.provider.ProvisionedMachine;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The orphans found by the last reconciliation of each provider. */
@Repository
public class OrphanRepository {
    private final JdbcClient jdbc;

    public OrphanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the provider's orphans with {@code found}; returns the ids not seen before. */
    public List<String> replace(String provider, List<ProvisionedMachine> found) {
        List<String> known = jdbc.sql("SELECT provider_id FROM orphans WHERE provider = :provider").param("provider", provider).query(String.class).list();
        List<String> ids = found.stream().map(ProvisionedMachine::providerId).toList();
        if (ids.isEmpty()) {
            jdbc.sql("DELETE FROM orphans WHERE provider = :provider").param("provider", provider).update();
        } else {
            jdbc.sql("DELETE FROM orphans WHERE provider = :provider AND provider_id NOT IN (:ids)").param("provider", provider).param("ids", ids).update();
        }
        for (ProvisionedMachine machine : found) {
            jdbc.sql("""
                    INSERT INTO orphans (provider, provider_id, name, address) VALUES (:provider, :id, :name, :address)
                    ON CONFLICT (provider, provider_id) DO UPDATE SET last_seen = now(), name = excluded.name, address = excluded.address
                    """)
                    .param("provider", provider).param("id", machine.providerId()).param("name", machine.name()).param("address", machine.address())
                    .update();
        }
        return ids.stream().filter(id -> !known.contains(id)).toList();
    }

    public List<Orphan> list() {
        return jdbc.sql("SELECT provider, provider_id, name, address, first_seen, last_seen FROM orphans ORDER BY provider, first_seen")
                .query((rs, n) -> new Orphan(rs.getString("provider"), rs.getString("provider_id"), rs.getString("name"), rs.getString("address"),
                        rs.getTimestamp("first_seen").toInstant(), rs.getTimestamp("last_seen").toInstant()))
                .list();
    }

    public Optional<Orphan> find(String provider, String providerId) {
        return list().stream().filter(o -> o.provider().equals(provider) && o.providerId().equals(providerId)).findFirst();
    }

    public void delete(String provider, String providerId) {
        jdbc.sql("DELETE FROM orphans WHERE provider = :provider AND provider_id = :id").param("provider", provider).param("id", providerId).update();
    }
}
