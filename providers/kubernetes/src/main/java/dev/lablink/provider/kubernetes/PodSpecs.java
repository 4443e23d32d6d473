package dev.lablink.provider.kubernetes;

import dev.lablink.provider.kubernetes.KubernetesSettings.PodSize;
import dev.lablink.core.provider.MachineSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pod and Secret of one machine. The agent's token reaches the container only through the
 * Secret (never the pod spec), and the container downloads the agent alone from its allocator
 * ({@code lablink-agent.jar}), so every machine runs the agent of its allocator; it runs it only
 * if its SHA-256 is the one in the pod's {@code LABLINK_AGENT_SHA256}.
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

    private PodSpecs() {
    }

    static String secretName(String machine) {
        return machine + "-agent";
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
        if (size.gpus() > 0) {
            // GPU nodes are commonly tainted nvidia.com/gpu:NoSchedule; a GPU pod must tolerate that.
            pod.editSpec()
                    .editFirstContainer().editResources().addToLimits(GPU, new Quantity(String.valueOf(size.gpus()))).endResources().endContainer()
                    .addNewToleration().withKey(GPU).withOperator("Exists").withEffect("NoSchedule").endToleration()
                    .endSpec();
        }
        return pod.build();
    }
}
