package dev.lablink.server.database;

import java.net.ConnectException;
import java.sql.SQLException;

/** Tells a database that cannot be reached (refused, gone, restarting) from any other failure. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /**
     * By the driver's own words (SQLSTATE), wherever Spring or the pool wrapped them: a pool merely
     * exhausted by a burst is busy, not unreachable, and must not be reported as a database outage.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && unreachableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception), 57P01..57P03 (shut down, crashed, starting up). */
    private static boolean unreachableState(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /** The innermost message, which names what happened ("Connection to localhost:5432 refused"). */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
