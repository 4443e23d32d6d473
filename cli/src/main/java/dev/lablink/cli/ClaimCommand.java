package dev.lablink.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code lablink claim --email}: an admin takes a seat on a participant's behalf. The seat page
 * opens only in a browser signed in as that participant (e.g. through a sign-in link).
 */
@Command(name = "claim", description = "Claim a seat on behalf of a participant, as admin (the same email gets the same machine).",
        mixinStandardHelpOptions = true)
public class ClaimCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, description = "The participant's email.")
    String email;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode claim = connection.client().post("/api/v1/claims", Map.of("email", email), true);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(ApiClient.pretty(claim));
        } else {
            out.println((claim.path("new_claim").asBoolean() ? "Claimed " : "Already claimed: ")
                    + claim.path("machine").asString() + " for " + claim.path("email").asString());
            out.println("Seat page: " + connection.allocator.base() + claim.path("page").asString());
        }
        out.flush();
        return 0;
    }
}
