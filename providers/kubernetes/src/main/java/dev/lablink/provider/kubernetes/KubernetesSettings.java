package dev.lablink.provider.kubernetes;

import java.util.Map;

/**
 * {@code kubernetes.*}: machines as Pods. The cluster comes from the usual places (in-cluster
 * service account, {@code KUBECONFIG}, {@code ~/.kube/config}), with {@code context} picking one
 * of the kubeconfig's contexts. Each entry of {@code machine_types} is a pod size that
 * {@code machine.machine_type}, tiers' choices and {@code vm create --type} can name.
 */
public record KubernetesSettings(String namespace, String context, String image, String serviceAccount,
                                 Map<String, PodSize> machineTypes, Integer scheduleTimeoutSeconds) {
    public static final String DEFAULT_NAMESPACE = "lablink";
    public static final String DEFAULT_IMAGE = "eclipse-temurin:21-jre";
    public static final String DEFAULT_TYPE = "default";
    public static final int DEFAULT_SCHEDULE_TIMEOUT_SECONDS = 120;

    public KubernetesSettings {
        namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
        image = image == null ? DEFAULT_IMAGE : image;
        machineTypes = machineTypes == null || machineTypes.isEmpty()
                ? Map.of(DEFAULT_TYPE, new PodSize("1", "2Gi", 0, Map.of()))
                : Map.copyOf(machineTypes);
        scheduleTimeoutSeconds = scheduleTimeoutSeconds == null ? DEFAULT_SCHEDULE_TIMEOUT_SECONDS : scheduleTimeoutSeconds;
    }

    /** What one machine type asks the scheduler for. */
    public record PodSize(String cpu, String memory, Integer gpus, Map<String, String> nodeSelector) {
        public PodSize {
            cpu = cpu == null ? "1" : cpu;
            memory = memory == null ? "2Gi" : memory;
            gpus = gpus == null ? 0 : gpus;
            nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        }
    }
}
