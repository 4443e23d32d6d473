package dev.lablink.provider.kubernetes;

import dev.lablink.provider.kubernetes.KubernetesSettings.PodSize;
import dev.lablink.core.config.ImageReference;
import dev.lablink.core.config.RegistrySettings;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.SessionImage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pod and Secret of one machine. The agent's token reaches the container only through the
 * Secret (never the pod spec), and the container downloads the agent alone from its allocator
 * ({@code lablink-agent.jar}), so every machine runs the agent of its allocator; it runs it only
 * if its SHA-256 is the one in the pod's {@code LABLINK_AGENT_SHA256}.
 * <p>
 * When the session runs an image, the pod gets a second container, {@code session}, with that image,
 * started by the agent's pod-session wrapper: the pod shares its process namespace (the agent sees
 * and signals the session's processes) and its network (the session's ports are on 127.0.0.1 for the
 * agent's tunnel; no Service, no inbound port). Two emptyDirs are mounted in both containers: the
 * hand-over ({@code /lablink/session}, see the agent's PodSession) and the participant's files, the
 * session's work dir ({@code /lablink/work}). The session container gets the machine type's memory
 * times {@code session.memory_limit_pct} as its limit (the soft pct as its request) and the GPUs;
 * the agent keeps a small limit of its own, so an out-of-memory notebook never takes the agent down.
 * A private image is pulled with a {@code kubernetes.io/dockerconfigjson} Secret made from its
 * entry of {@code registries}, never from the pod spec.
 */
final class PodSpecs {
    static final String LABEL_DEPLOYMENT = "lablink/deployment";
    static final String LABEL_MACHINE = "lablink/machine";
    static final String GPU = "nvidia.com/gpu";
    static final String BOOT = """
            set -e
            cd /tmp
            if [ -z "${LABLINK_AGENT_SHA256:-}" ]; then
              echo "lablink boot: the allocator gave no SHA-256 for its agent (it runs from a class path, without lablink-agent.jar); not starting an unchecked agent" >&2
              exit 1
            fi
            URL="$LABLINK_ALLOCATOR_URL/downloads/lablink-agent.jar"
            curl -fsSL --retry 20 --retry-delay 3 -o lablink-agent.jar "$URL" 2>/dev/null || wget -q -O lablink-agent.jar "$URL"
            if ! echo "$LABLINK_AGENT_SHA256  lablink-agent.jar" | sha256sum -c - >/dev/null 2>&1; then
              echo "lablink boot: the downloaded lablink-agent.jar does not have the SHA-256 $LABLINK_AGENT_SHA256 given in the pod's env; not running it" >&2
              rm -f lablink-agent.jar
              exit 1
            fi
            exec java -Xmx64m -jar lablink-agent.jar
            """;

    static final String SESSION_DIR = "/lablink/session";
    static final String WORK_DIR = "/lablink/work";
    /** What the agent itself needs beside a session container (a JVM at -Xmx128m). */
    static final String AGENT_MEMORY_REQUEST = "256Mi";
    static final String AGENT_MEMORY_LIMIT = "384Mi";
    static final String AGENT_CPU_REQUEST = "100m";
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** The session container's command: waits for the agent to hand a session over, then runs it (the agent owns the script). */
    private static final String SESSION_WRAPPER = wrapper();

    private PodSpecs() {
    }

    static String secretName(String machine) {
        return machine + "-agent";
    }

    static String pullSecretName(String machine) {
        return machine + "-pull";
    }

    /**
     * The session image's registry login, as the kubelet reads it ({@code .dockerconfigjson}); null for a public image.
     * Docker Hub's entry is keyed as the kubelet looks it up for {@code docker.io} images.
     */
    static Secret pullSecret(MachineSpec spec, String namespace, String deployment) {
        RegistrySettings registry = spec.session() == null ? null : spec.session().registry();
        if (registry == null) {
            return null;
        }
        String username = registry.token() != null && registry.password() == null ? (registry.username() == null ? "token" : registry.username()) : registry.username();
        String secret = registry.token() != null && registry.password() == null ? registry.token() : registry.password();
        String host = registry.host();
        String key = List.of(ImageReference.DOCKER_HUB, "index.docker.io", "registry-1.docker.io").contains(host) ? DOCKER_HUB_KEY : host;
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("username", username);
        entry.put("password", secret);
        entry.put("auth", base64(username + ":" + secret));
        String config = JSON.asJson(Map.of("auths", Map.of(key, entry)));
        return new SecretBuilder()
                .withNewMetadata().withName(pullSecretName(spec.name())).withNamespace(namespace).withLabels(labels(deployment, spec.name())).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", base64(config))
                .build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> labels(String deployment, String machine) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_DEPLOYMENT, deployment);
        labels.put(LABEL_MACHINE, machine);
        return labels;
    }

    static Secret secret(MachineSpec spec, String namespace, String deployment) {
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata().withName(secretName(spec.name())).withNamespace(namespace).withLabels(labels(deployment, spec.name())).endMetadata()
                .withType("Opaque")
                .addToStringData("token", spec.agentToken());
        if (spec.startupScript() != null) {
            secret.addToStringData("startup.sh", spec.startupScript());
        }
        return secret.build();
    }

    static Pod pod(MachineSpec spec, PodSize size, String namespace, String deployment, String image, String serviceAccount) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(spec.name()).withNamespace(namespace).withLabels(labels(deployment, spec.name())).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withServiceAccountName(serviceAccount)
                .withNodeSelector(size.nodeSelector().isEmpty() ? null : size.nodeSelector())
                .addNewVolume().withName("agent").withNewSecret().withSecretName(secretName(spec.name())).withDefaultMode(0700).endSecret().endVolume()
                .addNewContainer()
                .withName("agent")
                .withImage(image)
                .withCommand("sh", "-c", BOOT)
                .addNewEnv().withName("LABLINK_ALLOCATOR_URL").withValue(spec.allocatorUrl().toString().replaceAll("/+$", "")).endEnv()
                .addNewEnv().withName("LABLINK_MACHINE_NAME").withValue(spec.name()).endEnv()
                .addNewEnv().withName("LABLINK_AGENT_SHA256").withValue(spec.agentJarSha256()).endEnv()
                .addNewEnv().withName("LABLINK_AGENT_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName(secretName(spec.name())).withKey("token").endSecretKeyRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("agent").withMountPath("/etc/lablink").withReadOnly(true).endVolumeMount()
                .withNewResources()
                .addToRequests("cpu", new Quantity(size.cpu())).addToRequests("memory", new Quantity(size.memory()))
                .addToLimits("memory", new Quantity(size.memory()))
                .endResources()
                .endContainer()
                .endSpec();
        if (spec.startupScript() != null) {
            pod.editSpec().editFirstContainer()
                    .addNewEnv().withName("LABLINK_STARTUP_SCRIPT").withValue("/etc/lablink/startup.sh").endEnv()
                    .addNewEnv().withName("LABLINK_STARTUP_ON_ERROR").withValue(spec.startupScriptMustSucceed() ? "fail" : "continue").endEnv()
                    .endContainer().endSpec();
        }
        if (spec.session() != null) {
            withSessionContainer(pod, spec, size);
        } else if (size.gpus() > 0) {
            pod.editSpec()
                    .editFirstContainer().editResources().addToLimits(GPU, new Quantity(String.valueOf(size.gpus()))).endResources().endContainer()
                    .endSpec();
        }
        if (size.gpus() > 0) {
            // GPU nodes are commonly tainted nvidia.com/gpu:NoSchedule; a GPU pod must tolerate that.
            pod.editSpec().addNewToleration().withKey(GPU).withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec();
        }
        return pod.build();
    }

    /** The session's image beside the agent (see the class comment); the agent's container is the first one. */
    private static void withSessionContainer(PodBuilder pod, MachineSpec spec, PodSize size) {
        SessionImage session = spec.session();
        BigDecimal memory = new Quantity(size.memory()).getNumericalAmount();
        pod.editSpec()
                .withShareProcessNamespace(true)
                .addNewVolume().withName("session").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .editFirstContainer()
                .addNewEnv().withName("LABLINK_SESSION_RUNTIME").withValue("pod").endEnv()
                .addNewEnv().withName("LABLINK_SESSION_DIR").withValue(SESSION_DIR).endEnv()
                .addNewEnv().withName("LABLINK_WORK_DIR").withValue(WORK_DIR).endEnv()
                .addNewVolumeMount().withName("session").withMountPath(SESSION_DIR).endVolumeMount()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .withNewResources()
                .addToRequests("cpu", new Quantity(AGENT_CPU_REQUEST)).addToRequests("memory", new Quantity(AGENT_MEMORY_REQUEST))
                .addToLimits("memory", new Quantity(AGENT_MEMORY_LIMIT))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("session")
                .withImage(session.image())
                .withCommand("sh", "-c", SESSION_WRAPPER)
                .addNewEnv().withName("LABLINK_SESSION_DIR").withValue(SESSION_DIR).endEnv()
                .addNewEnv().withName("LABLINK_WORK_DIR").withValue(WORK_DIR).endEnv()
                .addNewVolumeMount().withName("session").withMountPath(SESSION_DIR).endVolumeMount()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .withWorkingDir(WORK_DIR)
                .withNewResources()
                .addToRequests("cpu", new Quantity(size.cpu()))
                .addToRequests("memory", mebibytes(memory, session.memorySoftLimitPct()))
                .addToLimits("memory", mebibytes(memory, session.memoryLimitPct()))
                .addToLimits(size.gpus() > 0 ? Map.of(GPU, new Quantity(String.valueOf(size.gpus()))) : Map.of())
                .endResources()
                .endContainer()
                .endSpec();
        if (session.registry() != null) {
            pod.editSpec().addNewImagePullSecret(pullSecretName(spec.name())).endSpec();
        }
    }

    /** {@code pct} % of {@code bytes}, in whole MiB (rounded down, so the limit never exceeds the share). */
    static Quantity mebibytes(BigDecimal bytes, int pct) {
        BigInteger mib = bytes.multiply(BigDecimal.valueOf(pct)).divide(BigDecimal.valueOf(100L * 1024 * 1024), 0, RoundingMode.FLOOR).toBigInteger();
        return new Quantity(mib + "Mi");
    }

    private static String wrapper() {
        try (InputStream in = PodSpecs.class.getResourceAsStream("/dev/lablink/agent/pod-session-wrapper.sh")) {
            if (in == null) {
                throw new IllegalStateException("the agent's pod-session-wrapper.sh is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
