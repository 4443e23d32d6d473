package dev.lablink.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink capacity}: what the providers can launch now, with prices; {@code --select} shows what a launch would pick. */
@Command(name = "capacity", description = "Show what the providers can launch now, with prices, or (--select) what a launch would pick.",
        mixinStandardHelpOptions = true)
public class CapacityCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Spec
    CommandSpec spec;

    @Option(names = "--provider", description = "Only this provider (default: every provider the allocator has).")
    String provider;

    @Option(names = "--select", paramLabel = "TIER", description = "Show the walk a launch with this tier (like H100_OR_LESS) would make, without launching.")
    String select;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        ApiClient api = connection.client();
        var out = spec.commandLine().getOut();
        JsonNode answer = select != null
                ? api.get("/api/v1/capacity/plan?tier=" + URLEncoder.encode(select, StandardCharsets.UTF_8))
                : api.get("/api/v1/capacity" + (provider == null ? "" : "?provider=" + URLEncoder.encode(provider, StandardCharsets.UTF_8)));
        if (json) {
            out.println(ApiClient.pretty(answer));
            out.flush();
            return 0;
        }
        if (select != null) {
            printPlan(answer, out);
        } else {
            printCapacity(answer, out);
        }
        return 0;
    }

    private static void printCapacity(JsonNode answer, java.io.PrintWriter out) {
        for (JsonNode each : answer.path("providers")) {
            String name = each.path("provider").asString();
            if (!each.path("error").isNull() && !each.path("error").isMissingNode()) {
                out.println(name + ": could not ask: " + each.path("error").asString());
            } else if (!each.path("known").asBoolean()) {
                out.println(name + ": does not publish capacity; a launch finds out, and a refusal moves the batch to the next choice");
            } else {
                out.println(name + ":");
                List<String[]> rows = new ArrayList<>();
                for (JsonNode offer : each.path("offers")) {
                    List<String> regions = new ArrayList<>();
                    offer.path("regions_with_capacity").forEach(r -> regions.add(r.asString()));
                    rows.add(new String[] {offer.path("machine_type").asString(), price(offer.path("price_cents_per_hour")),
                            regions.isEmpty() ? "no capacity" : String.join(", ", regions), offer.path("description").asString("")});
                }
                TextTable.print(new String[] {"  TYPE", "PRICE", "REGIONS WITH CAPACITY", "DESCRIPTION"},
                        rows.stream().map(r -> { r[0] = "  " + r[0]; return r; }).toList(), out);
            }
        }
        out.flush();
    }

    private static void printPlan(JsonNode plan, java.io.PrintWriter out) {
        plan.path("notes").forEach(note -> out.println("note: " + note.asString()));
        plan.path("skipped").forEach(skip -> out.println("skip: " + skip.asString()));
        int i = 1;
        for (JsonNode candidate : plan.path("candidates")) {
            out.println("try " + i++ + ": " + candidate.path("machine_type").asString() + (candidate.path("region").isNull() ? "" : " in " + candidate.path("region").asString())
                    + " at " + candidate.path("provider").asString() + " (" + price(candidate.path("price_cents_per_hour"))
                    + (candidate.path("capacity_known").asBoolean() ? ", has capacity" : ", capacity unknown until launched") + ")");
        }
        JsonNode pick = plan.path("pick");
        out.println(pick.isNull() || pick.isMissingNode() ? "a launch now would find no capacity anywhere"
                : "a launch now would pick " + pick.path("machine_type").asString() + (pick.path("region").isNull() ? "" : " in " + pick.path("region").asString())
                + " at " + pick.path("provider").asString());
        out.flush();
    }

    private static String price(JsonNode cents) {
        return cents.isNumber() ? String.format("$%d.%02d/h", cents.asInt() / 100, cents.asInt() % 100) : "price n/a";
    }
}
