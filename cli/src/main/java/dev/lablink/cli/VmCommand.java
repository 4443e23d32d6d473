package dev.lablink.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink vm create|list|release|destroy}. */
@Command(name = "vm", description = "Create, list, release and destroy machines.", mixinStandardHelpOptions = true,
        subcommands = {VmCommand.Create.class, VmCommand.ListMachines.class, VmCommand.Release.class, VmCommand.Destroy.class})
public class VmCommand {

    @Command(name = "create", description = "Create machines and wait until they are READY.", mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--count", required = true, description = "How many machines.")
        int count;

        @Option(names = "--type", description = "Machine type (default: machine.machine_type from config).")
        String type;

        @Option(names = "--tier", description = "GPU tier group to walk, like H100_OR_LESS (default: machine.tier or machine.choices from config; see lablink tiers).")
        String tier;

        @Option(names = "--image", paramLabel = "REF", description = "Image the machines run, a tag of the image catalog like localhost:5000/lab/tools:1.2 "
                + "(default: session.image from config); the batch keeps the tag's digest as of now (see lablink images).")
        String image;

        @Option(names = "--no-wait", description = "Return once the machines are requested.")
        boolean noWait;

        @Option(names = "--timeout", defaultValue = "PT15M", description = "How long to wait for READY (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            ApiClient api = connection.client();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", count);
            if (type != null) {
                body.put("machine_type", type);
            }
            if (tier != null) {
                body.put("tier", tier);
            }
            if (image != null) {
                body.put("image", image);
            }
            JsonNode created = api.post("/api/v1/vms", body, true);
            Set<String> names = new HashSet<>();
            created.path("machines").forEach(m -> names.add(m.path("name").asString()));
            String pinned = created.path("machines").path(0).path("image").asString(null);
            var out = spec.commandLine().getOut();
            out.println("Requested " + names.size() + " machines" + (pinned == null ? "" : " running " + shortened(pinned)) + ": "
                    + String.join(", ", names.stream().sorted().toList()));
            if (noWait) {
                out.flush();
                return 0;
            }
            CreationProgress progress = new CreationProgress(out, Terminal.interactive());
            Instant deadline = Instant.now().plus(timeout);
            List<JsonNode> mine;
            while (true) {
                mine = new ArrayList<>();
                for (JsonNode machine : api.get("/api/v1/vms").path("machines")) {
                    if (names.contains(machine.path("name").asString())) {
                        mine.add(machine);
                    }
                }
                if (progress.show(mine, names.size()) == names.size()) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    progress.finish();
                    throw new CliException("timed out after " + timeout + " waiting for the machines; see lablink vm list");
                }
                Thread.sleep(500);
            }
            progress.finish();
            printPlacement(api, names, out);
            List<JsonNode> failed = mine.stream().filter(m -> m.path("state").asString().equals("FAILED")).toList();
            failed.forEach(m -> spec.commandLine().getErr().println(m.path("name").asString() + " FAILED: " + m.path("state_reason").asString()));
            spec.commandLine().getErr().flush();
            out.println((names.size() - failed.size()) + " of " + names.size() + " machines READY");
            out.flush();
            return failed.isEmpty() ? 0 : 1;
        }
    }

    /** The batch's PLACEMENT event, which tells where the machines went and why (recorded on the batch's first machine). */
    private static void printPlacement(ApiClient api, Set<String> names, java.io.PrintWriter out) {
        String first = names.stream().min(java.util.Comparator.comparingInt(VmCommand::number)).orElseThrow();
        for (JsonNode event : api.get("/api/v1/events?limit=100&machine=" + java.net.URLEncoder.encode(first, java.nio.charset.StandardCharsets.UTF_8)).path("events")) {
            if (event.path("type").asString().equals("PLACEMENT")) {
                out.println("Placement: " + event.path("message").asString());
            }
        }
    }

    /** The digest shortened to 12 hex digits: "localhost:5000/lab/tools:1.2@sha256:ab12cd34ef56…". */
    static String shortened(String image) {
        int at = image.indexOf("@sha256:");
        int shown = at + "@sha256:".length() + 12;
        return at < 0 || image.length() <= shown ? image : image.substring(0, shown) + "…";
    }

    private static int number(String name) {
        String digits = name.replaceAll("\\D", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits.substring(Math.max(0, digits.length() - 9)));
    }

    @Command(name = "list", description = "List machines.", mixinStandardHelpOptions = true)
    static class ListMachines implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Option(names = "--state", description = "Only machines in this state (repeatable).")
        List<String> states = new ArrayList<>();

        @Override
        public Integer call() {
            String query = states.isEmpty() ? "" : "?" + String.join("&", states.stream().map(s -> "state=" + s).toList());
            JsonNode machines = connection.client().get("/api/v1/vms" + query).path("machines");
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(machines));
                out.flush();
            } else {
                MachineTable.print(machines, out);
            }
            return 0;
        }
    }

    @Command(name = "release", description = "End the claim on a machine: it is destroyed and a fresh one replaces it.",
            mixinStandardHelpOptions = true)
    static class Release implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The claimed machine.")
        String name;

        @Override
        public Integer call() {
            JsonNode released = connection.client().post(
                    "/api/v1/vms/" + MachineName.asPathSegment(name) + "/release", Map.of(), true);
            var out = spec.commandLine().getOut();
            String replacement = released.path("replacement").asString(null);
            out.println("Released " + released.path("machine").asString() + "; "
                    + (replacement == null ? "no replacement could be created (see /admin/events)" : replacement + " replaces it"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "destroy", description = "Destroy machines and stop everything they run.", mixinStandardHelpOptions = true)
    static class Destroy implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @ArgGroup(multiplicity = "1")
        Target target;

        static class Target {
            @Parameters(paramLabel = "NAME", arity = "1..*", description = "Machines to destroy.")
            List<String> names;

            @Option(names = "--all", description = "Destroy every machine.")
            boolean all;
        }

        @Option(names = "--json", description = "Print the destroyed machines as JSON.")
        boolean json;

        @Option(names = "--yes", description = "Confirm --all without being asked: every machine goes, claimed ones included.")
        boolean yes;

        @Override
        public Integer call() {
            if (target.all && !yes) {
                confirmDestroyAll();
            }
            ApiClient api = connection.client();
            List<JsonNode> destroyed = new ArrayList<>();
            if (target.all) {
                api.delete("/api/v1/vms?all=true").path("machines").forEach(destroyed::add);
            } else {
                target.names.forEach(MachineName::asPathSegment);
                for (String name : target.names) {
                    destroyed.add(api.delete("/api/v1/vms/" + MachineName.asPathSegment(name)));
                }
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(destroyed));
            } else {
                destroyed.forEach(m -> out.println(m.path("name").asString() + " " + m.path("state").asString()
                        + (m.path("state").asString().equals("FAILED") ? ": " + m.path("state_reason").asString() : "")));
                if (destroyed.isEmpty()) {
                    out.println("no machines to destroy");
                }
            }
            out.flush();
            return destroyed.stream().allMatch(m -> m.path("state").asString().equals("TERMINATED")) ? 0 : 1;
        }

        /** Like the console's "type destroy all": participants lose their machines, so a person confirms, or --yes does. */
        private static void confirmDestroyAll() {
            if (!Terminal.interactive()) {
                throw new CliException("vm destroy --all destroys every machine, claimed ones included; add --yes to confirm");
            }
            if (!Terminal.confirm("This destroys every machine, claimed ones included. Type 'destroy all' to confirm: ", "destroy all")) {
                throw new CliException("not confirmed; nothing was destroyed");
            }
        }
    }
}
