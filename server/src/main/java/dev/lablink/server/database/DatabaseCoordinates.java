package dev.lablink.server.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** How to open a plain JDBC connection outside the pool (the LISTEN connection needs one of its own). */
public record DatabaseCoordinates(String url, String user, String password) {

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A connection that gives up after {@code timeout} rather than the driver's default of never, for probes. */
    public Connection open(Duration timeout) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return "DatabaseCoordinates[url=" + url + ", user=" + user + "]";
    }
}
