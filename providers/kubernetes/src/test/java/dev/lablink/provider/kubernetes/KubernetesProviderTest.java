package dev.lablink.provider.kubernetes;

import dev.lablink.core.provider.contract.MachineSpecs;
import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a machine's Pod looks like, and how a cluster that runs out of GPUs splits a batch. */
class KubernetesProviderTest {
    private static final String NS = KubernetesProviderContractTest.NAMESPACE;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private FakeScheduler scheduler;
    private KubernetesProvider provider;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        scheduler = new FakeScheduler(server.createClient(), NS, 1);
        provider = new KubernetesProvider(server.createClient(), KubernetesProviderContractTest.settings(), "lab1", Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        provider.close();
        scheduler.close();
        server.destroy();
    }

    private MachineSpec spec(String name, String type) {
        return aSpec(name).type(type).region(NS).allocator("http://allocator.example:8080/").token("the-token").startupScript("echo ready", true).build();
    }

    @Test
    void aGpuMachineIsALabelledPodThatGetsItsTokenOnlyFromItsSecret() {
        provider.create(List.of(spec("lablink-vm-1", "gpu")), listener(new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>()));

        Pod pod = client.pods().inNamespace(NS).withName("lablink-vm-1").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("lablink/deployment", "lab1").containsEntry("lablink/machine", "lablink-vm-1");
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("gpu", "a100");
        assertThat(pod.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("LABLINK_AGENT_TOKEN");
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lablink-vm-1-agent");
        });
        assertThat(pod.toString()).doesNotContain("the-token");
        assertThat(container.getEnv()).anySatisfy(env -> assertThat(env.getValue()).isEqualTo("http://allocator.example:8080"));
        assertThat(client.secrets().inNamespace(NS).withName("lablink-vm-1-agent").get().getMetadata().getLabels())
                .containsEntry("lablink/deployment", "lab1");
    }

    @Test
    void thePodDownloadsTheAgentAloneAndRunsItOnlyWithTheHashInItsEnv() {
        provider.create(List.of(spec("lablink-vm-1", "gpu")), listener(new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>()));

        var container = client.pods().inNamespace(NS).withName("lablink-vm-1").get().getSpec().getContainers().getFirst();
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("LABLINK_AGENT_SHA256");
            assertThat(env.getValue()).isEqualTo(MachineSpecs.AGENT_JAR_SHA256);
        });
        String boot = container.getCommand().getLast();
        assertThat(boot).contains("/downloads/lablink-agent.jar", "sha256sum -c", "exec java -Xmx64m -jar lablink-agent.jar")
                .doesNotContain("lablink.jar agent");
        assertThat(boot.indexOf("sha256sum -c")).isLessThan(boot.indexOf("exec java"));
    }

    @Test
    void whenGpusRunOutTheRestOfTheBatchIsNoCapacityInTheSchedulersWordsAndLeavesNothingBehind() {
        List<ProvisionedMachine> created = new CopyOnWriteArrayList<>();
        Map<String, ProviderException> failed = new ConcurrentHashMap<>();

        provider.create(List.of(spec("lablink-vm-1", "gpu"), spec("lablink-vm-2", "gpu")), listener(created, failed));

        assertThat(created).hasSize(1);
        assertThat(created.getFirst().address()).startsWith("10.244.0.");
        assertThat(failed).hasSize(1);
        assertThat(failed.values()).singleElement().satisfies(problem -> {
            assertThat(problem).isInstanceOf(NoCapacityException.class);
            assertThat(problem.getMessage()).contains("Insufficient nvidia.com/gpu");
        });
        String refused = failed.keySet().iterator().next();
        assertThat(client.pods().inNamespace(NS).withName(refused).get()).isNull();
        assertThat(client.secrets().inNamespace(NS).withName(refused + "-agent").get()).isNull();
    }

    @Test
    void anUnknownMachineTypeNamesTheConfiguredOnes() {
        Map<String, ProviderException> failed = new ConcurrentHashMap<>();

        provider.create(List.of(spec("lablink-vm-1", "h100")), listener(new CopyOnWriteArrayList<>(), failed));

        assertThat(failed.get("lablink-vm-1")).hasMessage("kubernetes.machine_types has no 'h100'; configured: cpu, gpu");
    }

    @Test
    void listIgnoresOtherDeploymentsPods() {
        provider.create(List.of(spec("lablink-vm-1", "cpu")), listener(new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>()));
        KubernetesProvider other = new KubernetesProvider(server.createClient(), KubernetesProviderContractTest.settings(), "lab2", Duration.ofMillis(50));

        assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-1");
        assertThat(other.list()).isEmpty();
        other.close();
    }

    private static CreationListener listener(List<ProvisionedMachine> created, Map<String, ProviderException> failed) {
        return new CreationListener() {
            public void created(ProvisionedMachine machine) {
                created.add(machine);
            }

            public void failed(String name, ProviderException problem) {
                failed.put(name, problem);
            }
        };
    }
}
