package dev.lablink.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** {@code lablink admin add|list|remove|passwd}: the allocator's admin accounts. */
@Command(name = "admin", description = "Add, list and remove admin accounts (roles admin and viewer) and set their passwords.",
        mixinStandardHelpOptions = true,
        subcommands = {AdminCommand.Add.class, AdminCommand.ListAdmins.class, AdminCommand.Remove.class, AdminCommand.Passwd.class})
public class AdminCommand {
    /** Stands in for standard input in tests. */
    static java.io.InputStream stdin = System.in;

    static String path(String username) {
        return "/api/v1/admins/" + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "add", description = "Add an account; without --password-stdin a password is generated and printed once.",
            mixinStandardHelpOptions = true)
    static class Add implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The new account's user name (lowercase letters, digits, '.', '_', '-').")
        String name;

        @Option(names = "--role", defaultValue = "viewer", description = "admin (everything) or viewer (read only); default ${DEFAULT-VALUE}.")
        String role;

        @Option(names = "--password-stdin", description = "Read the password (at least 12 characters) from standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", name);
            body.put("role", role);
            if (passwordStdin) {
                body.put("password", PasswordInput.read(stdin));
            }
            JsonNode added = connection.client().post("/api/v1/admins", body, true);
            var out = spec.commandLine().getOut();
            out.println("Added " + added.path("username").asString() + " with role " + added.path("role").asString());
            String generated = added.path("password").asString(null);
            if (generated != null) {
                out.println("Password (shown only this once): " + generated);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List accounts with their role and login lock-out.", mixinStandardHelpOptions = true)
    static class ListAdmins implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode admins = connection.client().get("/api/v1/admins");
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(admins));
                out.flush();
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            for (JsonNode a : admins) {
                rows.add(new String[] {a.path("username").asString(), a.path("role").asString(), ShownTime.of(a.path("created_at").asString(null)),
                        Integer.toString(a.path("failed_logins").asInt()), ShownTime.of(a.path("locked_until").asString(null))});
            }
            TextTable.print(new String[] {"USER", "ROLE", "ADDED", "FAILED LOGINS", "LOCKED UNTIL"}, rows, out);
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove an account and its API tokens (never the last admin).", mixinStandardHelpOptions = true)
    static class Remove implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The account to remove.")
        String name;

        @Override
        public Integer call() {
            connection.client().delete(path(name));
            spec.commandLine().getOut().println("Removed " + name);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "passwd", description = "Set an account's password; without --password-stdin a new one is generated and printed once.",
            mixinStandardHelpOptions = true)
    static class Passwd implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The account (a viewer may only set their own).")
        String name;

        @Option(names = "--password-stdin", description = "Read the new password (at least 12 characters) from standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (passwordStdin) {
                body.put("password", PasswordInput.read(stdin));
            }
            JsonNode set = connection.client().post(path(name) + "/password", body, true);
            var out = spec.commandLine().getOut();
            String generated = set.path("password").asString(null);
            out.println(generated == null ? "Password of " + name + " changed" : "New password of " + name + " (shown only this once): " + generated);
            out.flush();
            return 0;
        }
    }
}
