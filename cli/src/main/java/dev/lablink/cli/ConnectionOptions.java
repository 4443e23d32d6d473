package dev.lablink.cli;

import picocli.CommandLine.Option;

/** Where the allocator is and how to log in as admin; shared by every command that calls the API. */
public class ConnectionOptions {
    @Option(names = "--url", defaultValue = "${env:LABLINK_URL:-http://localhost:8080}",
            description = "Allocator URL (env LABLINK_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "${env:LABLINK_ADMIN_USER:-admin}",
            description = "Admin user (env LABLINK_ADMIN_USER; default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:LABLINK_ADMIN_PASSWORD}",
            description = "Admin password (env LABLINK_ADMIN_PASSWORD; printed by the allocator's first start).")
    String password;

    ApiClient client() {
        return new ApiClient(url, user, password);
    }
}
