package dev.lablink.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The {@code LABLINK_*} names the allocator accepts: one per config key, plus those that other
 * parts of LabLink read (so exporting them in the same shell is no mistake). Anything else is a
 * typo that would otherwise be ignored in silence, as an unknown YAML key is not.
 */
final class EnvironmentVariables {
    private static final String PREFIX = "LABLINK_";
    private static final Set<String> NOT_CONFIG = Set.of(
            // the CLI and lablink server
            "LABLINK_URL", "LABLINK_ADMIN_USER", "LABLINK_ADMIN_PASSWORD", "LABLINK_CONFIG", "LABLINK_TOKEN", "LABLINK_CONFIG_HOME",
            // lablink ssh and tunnel: a participant's seat token, and how ssh starts lablink and is started
            "LABLINK_SEAT_TOKEN", "LABLINK_LAUNCHER", "LABLINK_SSH",
            // the agent, set by the provider that starts it, and what it gives the session
            "LABLINK_ALLOCATOR_URL", "LABLINK_AGENT_TOKEN", "LABLINK_MACHINE_NAME", "LABLINK_POLL_WAIT_SECONDS", "LABLINK_NVIDIA_SMI",
            "LABLINK_CRD_START_HOST", "LABLINK_STARTUP_SCRIPT", "LABLINK_STARTUP_ON_ERROR", "LABLINK_USER_EMAIL",
            "LABLINK_AGENT_GIVE_UP_SECONDS",
            // the tests and CI
            "LABLINK_REQUIRE_BROWSER", "LABLINK_CHROMIUM", "LABLINK_CHROMEDRIVER", "LABLINK_SCREENSHOTS_DIR");

    private EnvironmentVariables() {
    }

    static Set<String> known() {
        Set<String> known = new TreeSet<>(NOT_CONFIG);
        ConfigKeys.leaves().keySet().forEach(key -> known.add(ConfigKeys.environmentName(key)));
        return known;
    }

    static void refuseUnknown(Map<String, String> environment) {
        Set<String> known = known();
        List<String> problems = new ArrayList<>();
        environment.keySet().stream().filter(name -> name.startsWith(PREFIX) && !known.contains(name)).sorted().forEach(name ->
                problems.add("environment variable " + name + ": not a LabLink setting; " + nearest(name, known)
                        .map(near -> "did you mean " + near + "?")
                        .orElse("see lablink.example.yaml: key machine.machine_type is LABLINK_MACHINE_MACHINE_TYPE")));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static Optional<String> nearest(String written, Set<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String tail = written.substring(PREFIX.length());
        return known.stream()
                .min(Comparator.comparingInt(name -> distance.apply(written, name)))
                .filter(name -> distance.apply(written, name) <= Math.max(2, tail.length() / 3));
    }
}
