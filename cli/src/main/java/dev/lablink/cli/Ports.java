package dev.lablink.cli;

/** Port numbers given on the command line, checked with one line naming the argument. */
final class Ports {
    private Ports() {
    }

    static int parse(String value, String what) {
        if (value != null && value.matches("\\d{1,5}")) {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new CliException(what + " '" + value + "' is not a port; give a number from 1 to 65535");
    }
}
