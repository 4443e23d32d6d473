package dev.lablink.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink token create|list|revoke}: API tokens of the account the CLI logs in as. */
@Command(name = "token", description = "Create, list and revoke API tokens (used with --token or LABLINK_TOKEN).", mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public class TokenCommand {

    @Command(name = "create", description = "Create a token for yourself; it is printed only this once.", mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "What the token is for, like ci or laptop.")
        String name;

        @Override
        public Integer call() {
            JsonNode created = connection.client().post("/api/v1/tokens", Map.of("name", name), true);
            var out = spec.commandLine().getOut();
            out.println(created.path("token").asString());
            out.flush();
            var err = spec.commandLine().getErr();
            err.println("Token " + created.path("id").asLong() + " (" + created.path("name").asString()
                    + ") created; it is shown only this once. Use it as LABLINK_TOKEN or --token.");
            err.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List your tokens (admins: everyone's with --all).", mixinStandardHelpOptions = true)
    static class ListTokens implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--all", description = "Every account's tokens (admins only).")
        boolean all;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode tokens = connection.client().get("/api/v1/tokens" + (all ? "?all=true" : ""));
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(tokens));
                out.flush();
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            for (JsonNode t : tokens) {
                rows.add(new String[] {Long.toString(t.path("id").asLong()), t.path("username").asString(), t.path("prefix").asString() + "…",
                        ShownTime.of(t.path("created_at").asString(null)), ShownTime.of(t.path("last_used_at").asString(null)),
                        t.path("revoked_at").isNull() || t.path("revoked_at").isMissingNode() ? "" : "revoked " + ShownTime.of(t.path("revoked_at").asString()),
                        t.path("name").asString()});
            }
            TextTable.print(new String[] {"ID", "USER", "STARTS WITH", "CREATED", "LAST USED", "REVOKED", "NAME"}, rows, out);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: whatever uses it stops working at once.", mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The token's id, from lablink token list.")
        long id;

        @Override
        public Integer call() {
            connection.client().delete("/api/v1/tokens/" + id);
            spec.commandLine().getOut().println("Revoked token " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
