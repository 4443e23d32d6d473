package dev.lablink.server.agentapi;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SessionApp;
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
 * machine, and from {@code LABLINK_BASE_URL_<NAME>} in its environment.
 */
@Component
public class SessionCommand {
    private static final Pattern BASE_URL = Pattern.compile("\\{base_url:([A-Za-z0-9_.-]+)}");
    private final List<String> command;
    private final List<SessionApp> apps;

    public SessionCommand(LabLinkConfig config, ProviderRegistry providers) {
        this.command = config.session().command().isEmpty() ? providers.primary().defaultSessionCommand() : config.session().command();
        this.apps = config.session().apps();
    }

    public List<String> get() {
        return command;
    }

    /** The command for {@code machine}, its {@code {base_url:NAME}} placeholders filled in. */
    public List<String> forMachine(String machine) {
        return command.stream().map(argument -> {
            Matcher matcher = BASE_URL.matcher(argument);
            return matcher.replaceAll(found -> Matcher.quoteReplacement(baseUrl(machine, found.group(1))));
        }).toList();
    }

    /** {@code LABLINK_BASE_URL_<NAME>} (upper case, hyphens and dots as _) for each of the session's apps. */
    public Map<String, String> environmentFor(String machine) {
        Map<String, String> env = new TreeMap<>();
        apps.forEach(app -> env.put("LABLINK_BASE_URL_" + app.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                baseUrl(machine, app.name())));
        return env;
    }

    public static String baseUrl(String machine, String app) {
        return "/m/" + machine + "/" + app + "/";
    }
}
