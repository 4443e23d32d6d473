package dev.lablink.provider.kubernetes;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code kubernetes} plug-in: the {@code kubernetes:} section, its checks, and machines as Pods from it. */
public final class KubernetesProviderFactory implements MachineProviderFactory<KubernetesSettings> {

    @Override
    public String name() {
        return KubernetesProvider.NAME;
    }

    @Override
    public Class<KubernetesSettings> settingsType() {
        return KubernetesSettings.class;
    }

    @Override
    public List<String> problems(KubernetesSettings kubernetes, ProviderUse use) {
        List<String> problems = new ArrayList<>();
        if (!kubernetes.namespace().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            problems.add("kubernetes.namespace: '" + kubernetes.namespace() + "' is not a Kubernetes namespace name; use lowercase letters, digits and dashes");
        }
        kubernetes.machineTypes().forEach((name, size) -> {
            if (size == null || size.gpus() < 0 || size.gpus() > 16) {
                problems.add("kubernetes.machine_types." + name + ".gpus: use 0 to 16 GPUs per machine");
            }
        });
        if (kubernetes.scheduleTimeoutSeconds() < 1) {
            problems.add("kubernetes.schedule_timeout_seconds: must be 1 or more (default " + KubernetesSettings.DEFAULT_SCHEDULE_TIMEOUT_SECONDS + ")");
        }
        return problems;
    }

    @Override
    public MachineProvider create(KubernetesSettings kubernetes, ProviderContext context) {
        return new KubernetesProvider(KubernetesProvider.connect(kubernetes.context()), kubernetes, context.deployment(), Duration.ofSeconds(1));
    }
}
