package dev.lablink.agent;

import java.util.List;
import java.util.Locale;

/**
 * Turns what Docker or Podman printed when a pull, login or run failed into the FAILED reason a
 * user reads: which of "registry unreachable", "image not found" or "needs a login" it was, with the
 * engine's own last line. The phrases are the engines' own, e.g. Docker's
 * {@code manifest for X not found: manifest unknown}, Podman's
 * {@code reading manifest latest in X: manifest unknown}, either's {@code dial tcp: lookup X: no such host}.
 */
final class EngineMessages {
    private static final List<String> UNREACHABLE = List.of("dial tcp", "no such host", "connection refused", "i/o timeout",
            "timeout", "network is unreachable", "tls handshake", "server misbehaving", "no route to host");
    private static final List<String> AUTH = List.of("unauthorized", "authentication required", "denied", "not authorized", "incorrect username or password");
    private static final List<String> NOT_FOUND = List.of("manifest unknown", "not found", "does not exist", "name unknown");
    private static final List<String> GPU = List.of("could not select device driver", "cdi device", "nvidia.com/gpu", "unresolvable cdi");

    private EngineMessages() {
    }

    /** Why {@code image} could not be pulled; {@code loggedIn}: the agent logged in to its registry first. */
    static String pullFailure(String image, ContainerEngine.Result result, boolean loggedIn) {
        String said = lower(result);
        String last = result.lastLine();
        if (result.exit() == 124) {
            return "could not pull " + image + ": the pull did not finish in time (" + last + ")";
        }
        if (containsAny(said, UNREACHABLE)) {
            return "could not pull " + image + ": registry unreachable (" + last + ")";
        }
        // Docker Hub says this for a missing image and for a private one alike
        if (said.contains("does not exist or may require")) {
            return "could not pull " + image + ": image not found, or its registry needs a login"
                    + (loggedIn ? "" : " (add the registry's credentials under registries:)") + " (" + last + ")";
        }
        if (containsAny(said, NOT_FOUND) && !said.contains("unauthorized")) {
            return "could not pull " + image + ": image not found (" + last + ")";
        }
        if (containsAny(said, AUTH)) {
            return "could not pull " + image + ": the registry needs a login"
                    + (loggedIn ? " and refused the credentials in registries:" : "; add its credentials under registries:") + " (" + last + ")";
        }
        return "could not pull " + image + ": " + last;
    }

    /** Why logging in to {@code server} failed. */
    static String loginFailure(String server, ContainerEngine.Result result) {
        String said = lower(result);
        if (containsAny(said, UNREACHABLE)) {
            return "could not log in to " + server + ": registry unreachable (" + result.lastLine() + ")";
        }
        if (containsAny(said, AUTH)) {
            return "could not log in to " + server + ": the registry refused the credentials in registries: (" + result.lastLine() + ")";
        }
        return "could not log in to " + server + ": " + result.lastLine();
    }

    /** Why the container did not start; names the GPU flag when the engine refused it. */
    static String runFailure(String image, ContainerEngine.Result result, String gpuFlag) {
        if (gpuFlag != null && containsAny(lower(result), GPU)) {
            return "could not start " + image + ": the container engine refused the GPUs (" + gpuFlag
                    + "; is the NVIDIA Container Toolkit installed?): " + result.lastLine();
        }
        if (containsAny(lower(result), NOT_FOUND) || containsAny(lower(result), AUTH) || containsAny(lower(result), UNREACHABLE)) {
            return pullFailure(image, result, false).replaceFirst("^could not pull", "could not start");
        }
        return "could not start " + image + ": " + result.lastLine();
    }

    private static String lower(ContainerEngine.Result result) {
        return result.output().toLowerCase(Locale.ROOT);
    }

    private static boolean containsAny(String text, List<String> phrases) {
        return phrases.stream().anyMatch(text::contains);
    }
}
