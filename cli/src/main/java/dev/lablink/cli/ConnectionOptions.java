package dev.lablink.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the allocator is and how to log in as admin; shared by every command that calls the admin API. */
public class ConnectionOptions {
    @Mixin
    AllocatorUrl allocator;

    @Option(names = "--user", defaultValue = "${env:LABLINK_ADMIN_USER:-admin}",
            description = "Admin user (env LABLINK_ADMIN_USER; default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:LABLINK_ADMIN_PASSWORD}",
            description = "Admin password (env LABLINK_ADMIN_PASSWORD; printed by the allocator's first start).")
    String password;

    @Option(names = "--token", defaultValue = "${env:LABLINK_TOKEN}",
            description = "API token (llk_…) sent as Bearer instead of user and password (env LABLINK_TOKEN; lablink token create makes one).")
    String token;

    /** Without --password or --token, the token lablink login stored for this URL, if any. */
    ApiClient client() {
        if ((token == null || token.isBlank()) && (password == null || password.isEmpty())) {
            return new ApiClient(allocator.url, user, password, StoredCredentials.tokenFor(allocator.url).orElse(null));
        }
        return new ApiClient(allocator.url, user, password, token);
    }
}
