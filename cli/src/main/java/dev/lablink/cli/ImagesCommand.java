package dev.lablink.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink images ls|rescan}: the image catalog, the tags of the images in each configured registry. */
@Command(name = "images", description = "List the image catalog (the tags in each configured registry) and rescan registries.",
        mixinStandardHelpOptions = true, subcommands = {ImagesCommand.ListImages.class, ImagesCommand.Rescan.class})
public class ImagesCommand {

    static String registryQuery(String registry) {
        return registry == null ? "" : "?registry=" + URLEncoder.encode(registry, StandardCharsets.UTF_8);
    }

    @Command(name = "ls", aliases = "list", description = "List the images the last rescan of each registry found.", mixinStandardHelpOptions = true)
    static class ListImages implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--registry", description = "Only this registry (a registries[].name from lablink.yaml).")
        String registry;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode catalog = connection.client().get("/api/v1/images" + registryQuery(registry));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.pretty(catalog.path("images")));
                out.flush();
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            for (JsonNode image : catalog.path("images")) {
                rows.add(new String[]{image.path("registry").asString(), image.path("repository").asString(), image.path("tag").asString(),
                        shortDigest(image.path("digest").asString()), size(image.path("size_bytes")), ShownTime.of(image.path("scanned_at").asString())});
            }
            TextTable.print(new String[]{"REGISTRY", "REPOSITORY", "TAG", "DIGEST", "SIZE", "SCANNED"}, rows, out);
            for (JsonNode r : catalog.path("registries")) {
                if (registry == null || registry.equals(r.path("name").asString())) {
                    JsonNode scan = r.path("scan");
                    out.println(scan.isNull() || scan.isMissingNode() ? r.path("name").asString() + ": never rescanned (lablink images rescan)"
                            : scan.path("summary").asString());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rescan", description = "Rescan one registry or all, and wait until done, showing progress.", mixinStandardHelpOptions = true)
    static class Rescan implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--registry", description = "Only this registry (default: every configured one).")
        String registry;

        @Option(names = "--no-wait", description = "Return once the rescan is started.")
        boolean noWait;

        @Option(names = "--timeout", defaultValue = "PT30M", description = "How long to wait (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            ApiClient api = connection.client();
            JsonNode started = api.post("/api/v1/images/rescan" + registryQuery(registry), java.util.Map.of(), true);
            PrintWriter out = spec.commandLine().getOut();
            Set<String> waited = new LinkedHashSet<>();
            started.path("started").forEach(name -> waited.add(name.asString()));
            started.path("already_running").forEach(name -> {
                waited.add(name.asString());
                out.println(name.asString() + ": a rescan was already running; following it");
            });
            out.println("Rescanning " + String.join(", ", waited));
            out.flush();
            if (noWait) {
                return 0;
            }
            boolean terminal = Terminal.interactive();
            Instant deadline = Instant.now().plus(timeout);
            String last = "";
            List<JsonNode> finished;
            while (true) {
                List<String> lines = new ArrayList<>();
                finished = new ArrayList<>();
                for (JsonNode r : api.get("/api/v1/images/scans")) {
                    JsonNode scan = r.path("scan");
                    if (waited.contains(r.path("name").asString()) && scan.isObject()) {
                        lines.add(scan.path("summary").asString());
                        if (!scan.path("running").asBoolean()) {
                            finished.add(scan);
                        }
                    }
                }
                if (finished.size() == waited.size()) {
                    break;
                }
                String line = String.join("; ", lines);
                if (!line.equals(last)) {
                    out.print(terminal ? "\r" + line + CreationProgress.CLEAR_TO_END_OF_LINE : line + System.lineSeparator());
                    out.flush();
                    last = line;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new CliException("timed out after " + timeout + " waiting for the rescan; see lablink images ls");
                }
                Thread.sleep(500);
            }
            if (terminal && !last.isEmpty()) {
                out.println();
            }
            int failed = 0;
            for (JsonNode scan : finished) {
                if ("FAILED".equals(scan.path("outcome").asString())) {
                    spec.commandLine().getErr().println(scan.path("summary").asString());
                    failed++;
                } else {
                    out.println(scan.path("summary").asString());
                }
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return failed == 0 ? 0 : 1;
        }
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 || digest.length() < colon + 13 ? digest : digest.substring(0, colon + 13);
    }

    static String size(JsonNode bytes) {
        if (bytes.isNull() || bytes.isMissingNode()) {
            return "-";
        }
        double value = bytes.asLong();
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? (long) value + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
