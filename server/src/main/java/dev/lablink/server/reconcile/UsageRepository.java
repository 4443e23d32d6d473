package dev.lablink.server.reconcile;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts and costs per provider, computed from the machines table as it stands. */
@Repository
public class UsageRepository {
    private final JdbcClient jdbc;

    public UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Usage> byProvider() {
        return jdbc.sql("""
                SELECT provider,
                       count(*) FILTER (WHERE state NOT IN ('TERMINATED', 'FAILED')) AS live,
                       COALESCE(sum(price_cents_per_hour) FILTER (WHERE state NOT IN ('TERMINATED', 'FAILED', 'PROVISIONING')), 0) AS burn,
                       COALESCE(round(sum(price_cents_per_hour * extract(epoch FROM
                           (CASE WHEN state IN ('TERMINATED', 'FAILED') THEN state_changed_at ELSE now() END)
                           - (state_times->>'BOOTING')::timestamptz) / 3600.0)
                           FILTER (WHERE state_times->>'BOOTING' IS NOT NULL AND price_cents_per_hour IS NOT NULL)), 0) AS spent
                FROM machines
                GROUP BY provider
                ORDER BY provider
                """)
                .query((rs, n) -> new Usage(rs.getString("provider"), rs.getInt("live"), rs.getLong("burn"), rs.getLong("spent")))
                .list();
    }
}
