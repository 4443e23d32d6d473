package dev.lablink.server.agentapi;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SessionApp;
import dev.lablink.core.config.SessionSettings;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.providers.ProviderRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The program an agent runs for a participant: {@code session.command}, else the provider's default.
 * An app that must know where the allocator serves it (Jupyter's {@code base_url}) gets it from
 * {@code {base_url:NAME}} in the command, which becomes {@code /m/<machine>/<NAME>/} for that
 * machine, and from {@code LABLINK_BASE_URL_<NAME>} in its environment. A session that runs an image
 * and names no command runs the image's own entry point (an empty command).
 */
@Component
public class SessionCommand {
    private static final Pattern BASE_URL = Pattern.compile("\\{base_url:([A-Za-z0-9_.-]+)}");
    private final List<String> command;
    private final List<SessionApp> apps;
    private final Map<String, String> env;
    private final String image;
    private final boolean commandConfigured;
    private final MachineRepository machines;

    public SessionCommand(LabLinkConfig config, ProviderRegistry providers, MachineRepository machines) {
        this.machines = machines;
        SessionSettings session = config.session();
        this.command = !session.command().isEmpty() || session.runsImage() ? session.command() : providers.primary().defaultSessionCommand();
        this.commandConfigured = !session.command().isEmpty();
        this.apps = session.apps();
        this.env = session.env();
        this.image = session.runsImage() ? session.image() : null;
    }

    /**
     * The image the session of {@code machine} runs: the one its batch pinned ({@code machines.image}),
     * else session.image (machines from before the catalog, LabLink client machines); null when it
     * runs on the machine itself. Both the agent's orders (pre-pull) and its assignments read it.
     */
    public String imageFor(String machine) {
        return machines.findByName(machine).map(Machine::image).orElse(image);
    }

    public List<String> get() {
        return command;
    }

    /**
     * The command for {@code machine}, its {@code {base_url:NAME}} placeholders filled in; empty (the
     * image's entry point) when the machine runs an image chosen at creation and config names no command.
     */
    public List<String> forMachine(String machine) {
        if (!commandConfigured && image == null && imageFor(machine) != null) {
            return List.of();
        }
        return command.stream().map(argument -> withBaseUrls(argument, machine)).toList();
    }

    private static String withBaseUrls(String text, String machine) {
        Matcher matcher = BASE_URL.matcher(text);
        return matcher.replaceAll(found -> Matcher.quoteReplacement(baseUrl(machine, found.group(1))));
    }

    /** {@code session.env} ({@code {base_url:NAME}} filled in), and {@code LABLINK_BASE_URL_<NAME>} and {@code LABLINK_PORT_<NAME>} (upper case, hyphens and dots as _) for each of the session's apps. */
    public Map<String, String> environmentFor(String machine) {
        Map<String, String> env = new TreeMap<>();
        this.env.forEach((name, value) -> env.put(name, withBaseUrls(value, machine)));
        apps.forEach(app -> {
            String suffix = app.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            env.put("LABLINK_BASE_URL_" + suffix, baseUrl(machine, app.name()));
            env.put("LABLINK_PORT_" + suffix, String.valueOf(app.port())); // a template's command listens where the lab's apps say
        });
        return env;
    }

    public static String baseUrl(String machine, String app) {
        return "/m/" + machine + "/" + app + "/";
    }
}
