package dev.lablink.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Credentials for the shell commands (tunnel, ssh, ssh-config, port-forward): an admin account's, as
 * for every admin command, or a participant's seat token from their seat page.
 */
public class ShellOptions {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--seat", defaultValue = "${env:LABLINK_SEAT_TOKEN}",
            description = "A participant's seat token (lls_…, from the seat page) instead of admin credentials (env LABLINK_SEAT_TOKEN).")
    String seat;

    boolean isSeat() {
        return seat != null && !seat.isBlank();
    }

    ApiClient client() {
        if (isSeat()) {
            String token = seat.trim();
            if (!token.startsWith("lls_")) {
                throw new CliException("--seat takes the seat token from your seat page, which starts with lls_");
            }
            return new ApiClient(connection.allocator.url, null, null, token);
        }
        boolean given = connection.token != null && !connection.token.isBlank() || connection.password != null && !connection.password.isEmpty();
        if (!given && StoredCredentials.tokenFor(connection.allocator.url).isEmpty()) {
            throw new CliException("no credentials for " + url() + ": admins run lablink login (or pass --token or --password), "
                    + "participants pass --seat with the token from their seat page (or set LABLINK_SEAT_TOKEN)");
        }
        return connection.client();
    }

    String url() {
        return connection.allocator.base();
    }

    /**
     * The same allocator and credentials for a lablink started by ssh (the ProxyCommand), as
     * environment variables so that no secret shows on a command line.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LABLINK_URL", url());
        if (isSeat()) {
            env.put("LABLINK_SEAT_TOKEN", seat.trim());
        } else if (connection.token != null && !connection.token.isBlank()) {
            env.put("LABLINK_TOKEN", connection.token.trim());
        } else if (connection.password != null && !connection.password.isEmpty()) {
            env.put("LABLINK_ADMIN_USER", connection.user);
            env.put("LABLINK_ADMIN_PASSWORD", connection.password);
        }
        return env;
    }
}
