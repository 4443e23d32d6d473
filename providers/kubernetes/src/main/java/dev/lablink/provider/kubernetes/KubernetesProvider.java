package dev.lablink.provider.kubernetes;

import dev.lablink.provider.kubernetes.KubernetesSettings.PodSize;
import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machines as Pods in one namespace, labelled {@code lablink/deployment} and {@code lablink/machine},
 * each with a Secret that carries its agent token (and one that pulls a private session image: {@link PodSpecs}). After creating a batch's pods it waits (up to
 * {@code schedule_timeout_seconds}) for the scheduler's verdict: a pod the scheduler cannot place
 * (not enough GPUs, say) is removed and reported as no capacity with the scheduler's own words,
 * so the allocator tries the next choice.
 */
public class KubernetesProvider implements MachineProvider {
    public static final String NAME = "kubernetes";
    private static final Logger log = LoggerFactory.getLogger(KubernetesProvider.class);

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String deployment;
    private final Duration poll;

    public KubernetesProvider(KubernetesClient client, KubernetesSettings settings, String deployment, Duration poll) {
        this.client = client;
        this.settings = settings;
        this.deployment = deployment;
        this.poll = poll;
    }

    /** A client from the usual places: in-cluster, {@code KUBECONFIG}, {@code ~/.kube/config}; {@code context} picks one (null: current). */
    public static KubernetesClient connect(String context) {
        // Few retries: an unreachable cluster should say so in seconds, not hold up start-up or a batch.
        Config config = new ConfigBuilder(Config.autoConfigure(context)).withRequestRetryBackoffLimit(2).withConnectionTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public String name() {
        return NAME;
    }


    /** The configured machine types; the cluster's room is only known by asking the scheduler. */
    @Override
    public Capacity capacity() {
        return Capacity.unknown();
    }

    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        Map<String, MachineSpec> waiting = new LinkedHashMap<>();
        for (MachineSpec spec : batch) {
            try {
                PodSize size = size(spec.machineType());
                refuseEntryPointSessions(spec);
                client.secrets().inNamespace(settings.namespace()).resource(PodSpecs.secret(spec, settings.namespace(), deployment)).create();
                Secret pull = PodSpecs.pullSecret(spec, settings.namespace(), deployment);
                if (pull != null) {
                    client.secrets().inNamespace(settings.namespace()).resource(pull).create();
                }
                client.pods().inNamespace(settings.namespace())
                        .resource(PodSpecs.pod(spec, size, settings.namespace(), deployment, settings.image(), settings.serviceAccount())).create();
                waiting.put(spec.name(), spec);
            } catch (ProviderException e) {
                listener.failed(spec.name(), e);
            } catch (KubernetesClientException e) {
                removeQuietly(spec.name());
                listener.failed(spec.name(), translate("could not create pod " + spec.name(), e));
            }
        }
        awaitScheduling(waiting, listener);
    }

    /**
     * The session container starts through LabLink's wrapper, which cannot know the image's own entry point (nothing is read
     * from a registry), so an image session here needs a command.
     */
    private static void refuseEntryPointSessions(MachineSpec spec) {
        if (spec.session() != null && spec.session().command().isEmpty()) {
            throw new ProviderException("session.command: the kubernetes provider starts session.image (" + spec.session().image()
                    + ") through LabLink's wrapper and cannot run the image's own entry point; give session.command (the desktop"
                    + " template has none, and its image's init must be process 1, which a pod sharing its process namespace never gives:"
                    + " run desktop sessions on another provider)");
        }
    }

    private PodSize size(String machineType) {
        String type = machineType == null ? settings.machineTypes().keySet().stream().sorted().findFirst().orElseThrow() : machineType;
        PodSize size = settings.machineTypes().get(type);
        if (size == null) {
            throw new ProviderException("kubernetes.machine_types has no '" + type + "'; configured: "
                    + String.join(", ", settings.machineTypes().keySet().stream().sorted().toList()));
        }
        return size;
    }

    private void awaitScheduling(Map<String, MachineSpec> waiting, CreationListener listener) {
        Instant deadline = Instant.now().plusSeconds(settings.scheduleTimeoutSeconds());
        while (!waiting.isEmpty()) {
            for (String name : List.copyOf(waiting.keySet())) {
                Pod pod = client.pods().inNamespace(settings.namespace()).withName(name).get();
                Optional<PodCondition> scheduled = pod == null || pod.getStatus() == null ? Optional.empty()
                        : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
                if (pod == null) {
                    waiting.remove(name);
                    listener.failed(name, new ProviderException("pod " + settings.namespace() + "/" + name + " was deleted before it was scheduled"));
                } else if (scheduled.isPresent() && "True".equals(scheduled.get().getStatus())) {
                    waiting.remove(name);
                    listener.created(machine(pod));
                } else if (scheduled.isPresent() && "Unschedulable".equals(scheduled.get().getReason())) {
                    waiting.remove(name);
                    removeQuietly(name);
                    listener.failed(name, new NoCapacityException("Kubernetes cannot schedule " + name + " in " + settings.namespace() + ": "
                            + scheduled.get().getMessage(), false));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                // Not refused, only slow (an image pull, an autoscaler adding a node): the boot timeout takes it from here.
                for (String name : waiting.keySet()) {
                    listener.progress(name, "not scheduled after " + settings.scheduleTimeoutSeconds() + " s; still waiting for the cluster");
                    listener.created(new ProvisionedMachine(name, settings.namespace() + "/" + name));
                }
                return;
            }
            sleep();
        }
    }

    private ProvisionedMachine machine(Pod pod) {
        String name = pod.getMetadata().getLabels().getOrDefault(PodSpecs.LABEL_MACHINE, pod.getMetadata().getName());
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return new ProvisionedMachine(name, settings.namespace() + "/" + pod.getMetadata().getName(), ip);
    }

    private void sleep() {
        try {
            Thread.sleep(poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for Kubernetes to schedule pods");
        }
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        String podName = machine.providerId().contains("/") ? machine.providerId().substring(machine.providerId().indexOf('/') + 1) : machine.name();
        try {
            remove(podName);
            log.info("deleted pod {}/{}", settings.namespace(), podName);
        } catch (KubernetesClientException e) {
            throw translate("could not delete pod " + podName, e);
        }
    }

    private void remove(String podName) {
        client.pods().inNamespace(settings.namespace()).withName(podName).delete();
        client.secrets().inNamespace(settings.namespace()).withName(PodSpecs.secretName(podName)).delete();
        client.secrets().inNamespace(settings.namespace()).withName(PodSpecs.pullSecretName(podName)).delete();
    }

    private void removeQuietly(String podName) {
        try {
            remove(podName);
        } catch (KubernetesClientException e) {
            log.warn("could not clean up pod {}/{}: {}", settings.namespace(), podName, e.getMessage());
        }
    }

    @Override
    public List<ProvisionedMachine> list() {
        try {
            return client.pods().inNamespace(settings.namespace()).withLabel(PodSpecs.LABEL_DEPLOYMENT, deployment).list().getItems().stream()
                    .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                    .filter(pod -> pod.getStatus() == null || !List.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()))
                    .map(this::machine)
                    .toList();
        } catch (KubernetesClientException e) {
            throw translate("could not list pods", e);
        }
    }

    private ProviderException translate(String doing, KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String text = "Kubernetes " + doing + " in namespace " + settings.namespace() + ": " + message;
        if (e.getCode() == 403 && message != null && message.contains("exceeded quota")) {
            return new NoCapacityException(text, true);
        }
        if (e.getCode() == 403) {
            return new ProviderException(text + "; the service account needs create, get, list and delete on pods and secrets there", e);
        }
        if (e.getCode() == 404) {
            return new ProviderException(text + "; create the namespace (kubectl create namespace " + settings.namespace() + ") or set kubernetes.namespace", e);
        }
        return new ProviderException(text, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
