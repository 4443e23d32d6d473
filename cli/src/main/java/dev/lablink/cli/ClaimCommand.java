package dev.lablink.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink claim --email}: takes a seat as a participant would. */
@Command(name = "claim", description = "Claim a seat for a participant (the same email gets the same machine).",
        mixinStandardHelpOptions = true)
public class ClaimCommand implements Callable<Integer> {
    @Mixin
    AllocatorUrl allocator;
    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, description = "The participant's email.")
    String email;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode claim = allocator.anonymous().post("/api/v1/claims", Map.of("email", email), false);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(ApiClient.pretty(claim));
        } else {
            out.println((claim.path("new_claim").asBoolean() ? "Claimed " : "Already claimed: ")
                    + claim.path("machine").asString() + " for " + claim.path("email").asString());
            out.println("Seat page: " + allocator.base() + claim.path("page").asString());
        }
        out.flush();
        return 0;
    }
}
