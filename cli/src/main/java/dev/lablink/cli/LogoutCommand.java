package dev.lablink.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink logout}: revokes the token lablink login stored for this allocator and forgets it. */
@Command(name = "logout", description = "Revoke and forget the token lablink login stored for this allocator.", mixinStandardHelpOptions = true)
public class LogoutCommand implements Callable<Integer> {
    @Mixin
    AllocatorUrl allocator;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient anonymous = new ApiClient(allocator.url, null, null);
        String url = anonymous.baseUrl();
        String token = StoredCredentials.tokenFor(url)
                .orElseThrow(() -> new CliException("not logged in to " + url + " (no token in " + StoredCredentials.file() + ")"));
        var out = spec.commandLine().getOut();
        try {
            ApiClient api = new ApiClient(url, null, null, token);
            String prefix = token.substring(0, Math.min(12, token.length()));
            for (JsonNode t : api.get("/api/v1/tokens")) {
                if (t.path("prefix").asString().equals(prefix) && t.path("revoked_at").isNull()) {
                    api.delete("/api/v1/tokens/" + t.path("id").asLong());
                }
            }
            out.println("Logged out of " + url + ": the token is revoked and forgotten");
        } catch (CliException e) {
            out.println("Forgot the token for " + url + " (revoking it failed: " + e.getMessage() + ")");
        }
        StoredCredentials.remove(url);
        out.flush();
        return 0;
    }
}
