package dev.lablink.provider.kubernetes;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.contract.MachineProviderContract;
import dev.lablink.core.provider.contract.ProviderConfigs;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The provider contract against fabric8's mock API server in CRUD mode, with a fake scheduler placing pods. */
class KubernetesProviderContractTest extends MachineProviderContract {
    @Override
    protected List<String> backendLoggers() {
        return List.of("io.fabric8.kubernetes.client.server.mock");
    }

    static final String NAMESPACE = "lablink-test";
    private KubernetesMockServer server;
    private FakeScheduler scheduler;

    static KubernetesSettings settings() {
        return ProviderConfigs.settings(new KubernetesProviderFactory(), """
                namespace: %s
                schedule_timeout_seconds: 5
                machine_types:
                  cpu: {cpu: "1", memory: 1Gi, gpus: 0}
                  gpu: {cpu: "4", memory: 16Gi, gpus: 1, node_selector: {gpu: a100}}
                """.formatted(NAMESPACE));
    }

    @Override
    protected MachineProvider newProvider() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        scheduler = new FakeScheduler(server.createClient(), NAMESPACE, 2);
        return new KubernetesProvider(server.createClient(), settings(), "contract", Duration.ofMillis(50));
    }

    @Override
    protected void closeBackend() {
        scheduler.close();
        server.destroy();
    }

    @Override
    protected String launchableType() {
        return "cpu";
    }

    @Override
    protected String scarceType() {
        return "gpu";
    }

    @Override
    protected String region() {
        return NAMESPACE;
    }

    @Override
    protected boolean refuseForCapacity(String machineType) {
        scheduler.setFreeGpus(0);
        return true;
    }

    /** A Secret already holding the machine's name: creating the machine's own is refused with 409. */
    @Override
    protected void failNextLaunch() {
        server.createClient().secrets().inNamespace(NAMESPACE)
                .resource(new SecretBuilder().withNewMetadata().withName("contract-fail-1-agent").endMetadata().build()).create();
    }
}
