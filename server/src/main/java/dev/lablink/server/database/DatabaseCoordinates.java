package dev.lablink.server.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** How to open a plain JDBC connection outside the pool (the LISTEN connection needs one of its own). */
public record DatabaseCoordinates(String url, String user, String password) {

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseCoordinates[url=" + url + ", user=" + user + "]";
    }
}
