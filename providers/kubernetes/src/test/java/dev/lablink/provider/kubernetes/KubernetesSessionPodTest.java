package dev.lablink.provider.kubernetes;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.RegistrySettings;
import dev.lablink.core.config.SessionSettings;
import dev.lablink.core.config.SessionTemplate;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.core.provider.SessionImage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A machine whose session runs an image: the pod's session container beside the agent's, its memory guard, GPUs and pull secret. */
class KubernetesSessionPodTest {
    private static final String NS = KubernetesProviderContractTest.NAMESPACE;
    private static final List<String> JUPYTER = SessionTemplate.find("jupyter").orElseThrow().command();
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

    /** As the allocator makes it from {@code session.template: jupyter} and {@code registries}. */
    private static SessionImage session(String image, List<RegistrySettings> registries) {
        SessionSettings settings = new SessionSettings("jupyter", image, null, null, null, null, null, null, null, null, null, null);
        return SessionImage.of(settings, registries, settings.image());
    }

    private Map<String, ProviderException> create(String type, SessionImage session) {
        Map<String, ProviderException> failed = new ConcurrentHashMap<>();
        MachineSpec spec = aSpec("lablink-vm-1").type(type).region(NS).token("the-token").session(session).build();
        provider.create(List.of(spec), new CreationListener() {
            public void created(ProvisionedMachine machine) {
            }

            public void failed(String name, ProviderException problem) {
                failed.put(name, problem);
            }
        });
        return failed;
    }

    private Pod pod() {
        return client.pods().inNamespace(NS).withName("lablink-vm-1").get();
    }

    private static Container container(Pod pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theSessionsImageRunsInItsOwnContainerThatSharesTheAgentsProcessesAndNetwork() {
        assertThat(create("gpu", session(null, List.of()))).isEmpty();

        Pod pod = pod();
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("agent", "session");
        assertThat(pod.getSpec().getShareProcessNamespace()).isTrue();
        assertThat(pod.getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        Container session = container(pod, "session");
        assertThat(session.getImage()).isEqualTo("quay.io/jupyter/base-notebook:latest");
        assertThat(session.getCommand()).hasSize(3).startsWith("sh", "-c");
        assertThat(session.getCommand().get(2)).contains("argv").contains("exec \"$@\"");
        assertThat(session.getPorts()).isEmpty();
        assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
        Container agent = container(pod, "agent");
        assertThat(agent.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(org.assertj.core.groups.Tuple.tuple("LABLINK_SESSION_RUNTIME", "pod"));
        for (Container both : List.of(agent, session)) {
            assertThat(both.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/lablink/session", "/lablink/work");
        }
        assertThat(session.getWorkingDir()).isEqualTo("/lablink/work");
        assertThat(pod.getSpec().getImagePullSecrets()).isEmpty();
    }

    @Test
    void theSessionGetsTheMemoryShareAndTheGpusAndTheAgentKeepsItsOwnSmallLimit() {
        create("gpu", session(null, List.of()));

        Pod pod = pod();
        Container session = container(pod, "session");
        // gpu: 16Gi; session.memory_limit_pct 92 and memory_soft_limit_pct 85 (the defaults)
        assertThat(session.getResources().getLimits().get("memory").toString()).isEqualTo("15073Mi");
        assertThat(session.getResources().getRequests().get("memory").toString()).isEqualTo("13926Mi");
        assertThat(session.getResources().getRequests().get("cpu").toString()).isEqualTo("4");
        assertThat(session.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        Container agent = container(pod, "agent");
        assertThat(agent.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(agent.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
        assertThat(pod.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    }

    @Test
    void aPrivateImageIsPulledWithASecretOfItsRegistrysLoginThatGoesWithTheMachine() {
        RegistrySettings lab = new RegistrySettings("lab", "https://registry.example.org:5000", "ada", "s3cret-\"pw\"", null);
        RegistrySettings other = new RegistrySettings("other", "https://ghcr.io", "bob", "not-this-one", null);
        create("cpu", session("registry.example.org:5000/lab/tools:1.2", List.of(other, lab)));

        Pod pod = pod();
        assertThat(pod.getSpec().getImagePullSecrets()).singleElement().satisfies(ref -> assertThat(ref.getName()).isEqualTo("lablink-vm-1-pull"));
        assertThat(pod.toString()).doesNotContain("s3cret");
        Secret pull = client.secrets().inNamespace(NS).withName("lablink-vm-1-pull").get();
        assertThat(pull.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(pull.getMetadata().getLabels()).containsEntry("lablink/deployment", "lab1").containsEntry("lablink/machine", "lablink-vm-1");
        Map<String, Map<String, Map<String, String>>> config = dockerConfig(pull);
        assertThat(config.get("auths")).containsOnlyKeys("registry.example.org:5000");
        assertThat(decode(config.get("auths").get("registry.example.org:5000").get("auth"))).isEqualTo("ada:s3cret-\"pw\"");

        provider.destroy(new ProvisionedMachine("lablink-vm-1", NS + "/lablink-vm-1"));

        assertThat(client.secrets().inNamespace(NS).withName("lablink-vm-1-pull").get()).isNull();
        assertThat(client.secrets().inNamespace(NS).withName("lablink-vm-1-agent").get()).isNull();
    }

    @Test
    void aDockerHubTokenIsKeyedAsTheKubeletLooksUpDockerHubImages() {
        RegistrySettings hub = new RegistrySettings("hub", "https://docker.io", null, null, "dckr_pat_1");
        create("cpu", session("lab/tools:2", List.of(hub)));

        Map<String, Map<String, Map<String, String>>> config = dockerConfig(client.secrets().inNamespace(NS).withName("lablink-vm-1-pull").get());
        assertThat(config.get("auths")).containsOnlyKeys("https://index.docker.io/v1/");
        assertThat(decode(config.get("auths").get("https://index.docker.io/v1/").get("auth"))).isEqualTo("token:dckr_pat_1");
    }

    @Test
    void withoutASessionImageThePodIsTheAgentAlone() {
        create("gpu", null);

        Pod pod = pod();
        assertThat(pod.getSpec().getContainers()).singleElement().satisfies(agent -> {
            assertThat(agent.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
            assertThat(agent.getResources().getLimits().get("memory").toString()).isEqualTo("16Gi");
            assertThat(agent.getEnv()).extracting(EnvVar::getName).doesNotContain("LABLINK_SESSION_RUNTIME");
        });
        assertThat(pod.getSpec().getShareProcessNamespace()).isNotEqualTo(Boolean.TRUE);
        assertThat(client.secrets().inNamespace(NS).withName("lablink-vm-1-pull").get()).isNull();
    }

    @Test
    void theDesktopTemplateWithoutACommandIsRefusedNamingSessionCommand() {
        SessionSettings desktop = new SessionSettings("desktop", null, null, null, null, null, null, null, null, null, null, null);

        Map<String, ProviderException> failed = create("cpu", SessionImage.of(desktop, List.of(), desktop.image()));

        assertThat(failed.get("lablink-vm-1").getMessage()).startsWith("session.command: the kubernetes provider starts session.image")
                .contains("give session.command").contains("desktop");
        assertThat(pod()).isNull();
        assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<String, String>>> dockerConfig(Secret pull) {
        return new KubernetesSerialization().unmarshal(decode(pull.getData().get(".dockerconfigjson")), Map.class);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
