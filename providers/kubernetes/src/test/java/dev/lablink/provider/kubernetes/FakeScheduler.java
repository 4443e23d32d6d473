package dev.lablink.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the scheduler for the mock API server, which stores pods but places none: each new pod
 * is marked scheduled while the cluster's GPUs last, and Unschedulable with the scheduler's usual
 * message once they are gone.
 */
final class FakeScheduler implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final AtomicInteger freeGpus;
    private final Set<String> seen = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    FakeScheduler(KubernetesClient client, String namespace, int gpus) {
        this.client = client;
        this.namespace = namespace;
        this.freeGpus = new AtomicInteger(gpus);
        this.thread = Thread.ofVirtual().start(this::run);
    }

    void setFreeGpus(int gpus) {
        freeGpus.set(gpus);
    }

    private void run() {
        int ip = 10;
        while (running) {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                if (!seen.add(pod.getMetadata().getName())) {
                    continue;
                }
                int wanted = pod.getSpec().getContainers().stream()
                        .map(container -> container.getResources().getLimits().get(PodSpecs.GPU))
                        .mapToInt(gpus -> gpus == null ? 0 : Integer.parseInt(gpus.getAmount())).sum();
                PodCondition condition;
                String podIp = null;
                if (wanted <= freeGpus.get()) {
                    freeGpus.addAndGet(-wanted);
                    condition = new PodConditionBuilder().withType("PodScheduled").withStatus("True").build();
                    podIp = "10.244.0." + ip++;
                } else {
                    condition = new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                            .withMessage("0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: "
                                    + "2 No preemption victims found for incoming pod.").build();
                }
                Pod updated = new PodBuilder(pod).withNewStatus().withPhase("Pending").withPodIP(podIp).withConditions(condition).endStatus().build();
                client.pods().inNamespace(namespace).resource(updated).updateStatus();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
