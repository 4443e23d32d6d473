package dev.lablink.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lablink.server.database.EmbeddedPostgresServer;
import dev.lablink.server.provisioning.MachineTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The PostgreSQL every allocator of a run shares (an external database, from their point of
 * view), and the benchmark's own connection to it: seeding machines, checking invariants,
 * counting the allocators' connections.
 */
final class BenchDatabase implements AutoCloseable {
    private static final String APPLICATION_NAME = "lablink-bench";

    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;
    final JdbcClient jdbc;

    BenchDatabase() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        // as durable as the allocator's own embedded database: commits wait for the disk
        EmbeddedPostgresServer.DURABLE.forEach(builder::setServerConfig);
        postgres = builder
                .setDataDirectory(Files.createTempDirectory("lablink-bench-pg-"))
                .setServerConfig("max_connections", "300")
                .start();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl());
        hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        hikari.setUsername(user());
        hikari.setPassword(password());
        hikari.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(hikari);
        jdbc = JdbcClient.create(dataSource);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    String user() {
        return "postgres";
    }

    String password() {
        return "postgres";
    }

    /** Inserts {@code count} READY machines named {@code prefix-1…}; returns their agent tokens, in name order. */
    List<String> seedReadyMachines(String prefix, int count) {
        List<String> tokens = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = MachineTokens.newToken();
            tokens.add(token);
            rows.add(new Object[] {prefix + "-" + (i + 1), MachineTokens.hash(token)});
        }
        new JdbcTemplate(dataSource).batchUpdate("""
                INSERT INTO machines (name, provider, state, token_hash, provider_id) VALUES (?, 'bench', 'READY', ?, 'none')
                """, rows);
        return tokens;
    }

    /** Machines held by two active claims, plus people holding two machines: both must be 0. */
    int doubleBookings() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM (SELECT machine_id FROM claims WHERE released_at IS NULL GROUP BY machine_id HAVING count(*) > 1) m)
                     + (SELECT count(*) FROM (SELECT email FROM claims WHERE released_at IS NULL GROUP BY email HAVING count(*) > 1) e)
                """).query(Integer.class).single();
    }

    /** Connections the allocators hold open (the benchmark's own are not counted). */
    int allocatorConnections() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name <> :me")
                .param("me", APPLICATION_NAME).query(Integer.class).single();
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        postgres.close();
    }
}
