package dev.lablink.server.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lablink.core.config.LabLinkConfig;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database: the external PostgreSQL named by {@code db.url}, or the embedded one. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(LabLinkConfig config) {
        if (config.db().isExternal()) {
            return new EmbeddedDatabaseHolder(null);
        }
        return new EmbeddedDatabaseHolder(EmbeddedPostgresServer.start(config.dataDirPath()));
    }

    @Bean
    DatabaseCoordinates databaseCoordinates(LabLinkConfig config, EmbeddedDatabaseHolder embedded) {
        if (config.db().isExternal()) {
            return new DatabaseCoordinates(config.db().url(), config.db().user(), config.db().password());
        }
        return embedded.server().coordinates();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(DatabaseCoordinates coordinates) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(coordinates.url());
        hikari.setUsername(coordinates.user());
        hikari.setPassword(coordinates.password());
        hikari.setPoolName("lablink");
        hikari.setMaximumPoolSize(20);
        hikari.setConnectionTimeout(10_000);
        return new HikariDataSource(hikari);
    }

    /** Closes the embedded server after the pool (beans are destroyed in reverse order of creation). */
    record EmbeddedDatabaseHolder(EmbeddedPostgresServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
