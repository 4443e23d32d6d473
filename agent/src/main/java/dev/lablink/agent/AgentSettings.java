package dev.lablink.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the agent finds its allocator and its credential. The token comes only from the
 * environment: a command line is readable by every user of the machine.
 */
public record AgentSettings(URI allocatorUrl, String token, String machineName, Path workDir, Duration pollWait, String nvidiaSmi,
                            String crdStartHost, Duration giveUpAfter, String containerEngine) {

    public static final String URL_VARIABLE = "LABLINK_ALLOCATOR_URL";
    public static final String TOKEN_VARIABLE = "LABLINK_AGENT_TOKEN";
    public static final String NAME_VARIABLE = "LABLINK_MACHINE_NAME";
    public static final String POLL_WAIT_VARIABLE = "LABLINK_POLL_WAIT_SECONDS";
    /** Which nvidia-smi to run (default: the one on the PATH); tests point it at a recorded one. */
    public static final String NVIDIA_SMI_VARIABLE = "LABLINK_NVIDIA_SMI";
    /** Which Chrome Remote Desktop start-host to run (default: where Google's package puts it). */
    public static final String CRD_START_HOST_VARIABLE = "LABLINK_CRD_START_HOST";
    /**
     * After how long without an allocator the agent stops (and its session with it); unset: never,
     * as a cloud machine must outlive any allocator restart. The local provider sets it, so that
     * agents on this host do not outlive their allocator's data dir by days.
     */
    public static final String GIVE_UP_VARIABLE = "LABLINK_AGENT_GIVE_UP_SECONDS";
    /** Which container engine runs images (a path to docker or podman); unset: the first on the PATH that answers. */
    public static final String CONTAINER_ENGINE_VARIABLE = "LABLINK_CONTAINER_ENGINE";

    public AgentSettings(URI allocatorUrl, String token, String machineName, Path workDir, Duration pollWait, String nvidiaSmi, String crdStartHost) {
        this(allocatorUrl, token, machineName, workDir, pollWait, nvidiaSmi, crdStartHost, null);
    }

    public AgentSettings(URI allocatorUrl, String token, String machineName, Path workDir, Duration pollWait, String nvidiaSmi, String crdStartHost,
                         Duration giveUpAfter) {
        this(allocatorUrl, token, machineName, workDir, pollWait, nvidiaSmi, crdStartHost, giveUpAfter, null);
    }

    /** The same settings with {@code engine} as the container engine (a path; null: docker or podman on the PATH). */
    public AgentSettings withContainerEngine(String engine) {
        return new AgentSettings(allocatorUrl, token, machineName, workDir, pollWait, nvidiaSmi, crdStartHost, giveUpAfter, engine);
    }

    public static AgentSettings fromEnvironment(Map<String, String> env) {
        String url = require(env, URL_VARIABLE);
        String token = require(env, TOKEN_VARIABLE);
        String name = env.getOrDefault(NAME_VARIABLE, hostname());
        Duration wait = Duration.ofSeconds(Long.parseLong(env.getOrDefault(POLL_WAIT_VARIABLE, "60")));
        URI base = URI.create(url.endsWith("/") ? url : url + "/");
        String giveUp = env.get(GIVE_UP_VARIABLE);
        return new AgentSettings(base, token, name, Path.of("").toAbsolutePath(), wait, env.getOrDefault(NVIDIA_SMI_VARIABLE, "nvidia-smi"),
                env.getOrDefault(CRD_START_HOST_VARIABLE, CrdHost.DEFAULT_START_HOST),
                giveUp == null || giveUp.isBlank() ? null : Duration.ofSeconds(Long.parseLong(giveUp.trim())),
                env.get(CONTAINER_ENGINE_VARIABLE));
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; the provider that started this machine sets it");
        }
        return value;
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return "AgentSettings[allocatorUrl=" + allocatorUrl + ", machineName=" + machineName + ", token=***]";
    }
}
