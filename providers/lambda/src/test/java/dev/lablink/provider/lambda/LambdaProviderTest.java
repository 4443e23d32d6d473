package dev.lablink.provider.lambda;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lablink.core.provider.contract.LogCapture;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.fakecloud.FakeLambdaCloud;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaProviderTest {
    private static final String API_KEY = "secret_lambda_key_7f3a9c";
    private static final String TOKEN = "agent-token-that-must-stay-secret";

    @TempDir
    Path dir;
    private FakeLambdaCloud lambda;
    private LambdaProvider provider;
    private LogCapture logs;

    @BeforeEach
    void start() {
        lambda = new FakeLambdaCloud(0, API_KEY);
        provider = new LambdaProvider(new LambdaApi(lambda.apiBase(), API_KEY, Duration.ofMillis(10)), "lab1", "lablink-lab1-0a1b2c3d",
                dir.resolve("keys"), 600);
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        lambda.close();
        logs.assertNoLineContains(List.of(API_KEY, TOKEN));
    }

    private static MachineSpec spec(String name, String type, String region) {
        return aSpec(name).type(type).region(region).token(TOKEN).startupScript("echo hello", true).build();
    }

    private record Outcome(List<ProvisionedMachine> created, Map<String, ProviderException> failed) {
    }

    private Outcome create(List<MachineSpec> batch) {
        List<ProvisionedMachine> created = new ArrayList<>();
        Map<String, ProviderException> failed = new LinkedHashMap<>();
        provider.create(batch, new CreationListener() {
            public void created(ProvisionedMachine machine) {
                created.add(machine);
            }

            public void failed(String name, ProviderException problem) {
                failed.put(name, problem);
            }
        });
        return new Outcome(created, failed);
    }

    @Test
    void capacityListsEachTypeWithItsPriceAndTheRegionsThatHaveRoom() {
        lambda.capacity("gpu_1x_a100", "us-east-1", 2).capacity("gpu_1x_a100", "us-west-1", 1);

        var capacity = provider.capacity();

        assertThat(capacity.known()).isTrue();
        var a100 = capacity.offer("gpu_1x_a100").orElseThrow();
        assertThat(a100.regionsWithCapacity()).containsExactly("us-east-1", "us-west-1");
        assertThat(a100.priceCentsPerHour()).isEqualTo(129);
        assertThat(capacity.offer("gpu_1x_h100_sxm5").orElseThrow().regionsWithCapacity()).isEmpty();
    }

    @Test
    void aBatchLaunchesEachMachineWithItsOwnBootstrapAndTheDeploymentKey() {
        lambda.capacity("gpu_1x_a100", "us-east-1", 5);

        Outcome outcome = create(List.of(spec("lablink-vm-1", "gpu_1x_a100", "us-east-1"), spec("lablink-vm-2", "gpu_1x_a100", "us-east-1")));

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.created()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-1", "lablink-vm-2");
        assertThat(lambda.instances()).hasSize(2).allSatisfy(instance -> {
            assertThat(instance.path("ssh_key_names").get(0).asString()).isEqualTo("lablink-lab1-0a1b2c3d");
            assertThat(instance.path("instance_type").path("name").asString()).isEqualTo("gpu_1x_a100");
        });
        assertThat(lambda.requests()).filteredOn(r -> r.path().endsWith("/launch")).first()
                .satisfies(launch -> assertThat(launch.body()).contains("LABLINK_AGENT_TOKEN=" + TOKEN, "lablink:deployment", "echo hello"));
        assertThat(lambda.sshKeyNames()).containsExactly("lablink-lab1-0a1b2c3d");
        assertThat(dir.resolve("keys/lablink-lab1-0a1b2c3d")).exists();
        assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactlyInAnyOrder("lablink-vm-1", "lablink-vm-2");
    }

    @Test
    void anExistingDeploymentKeyIsReusedNeverDuplicated() {
        lambda.capacity("gpu_1x_a10", "us-east-1", 5);
        create(List.of(spec("lablink-vm-1", "gpu_1x_a10", "us-east-1")));
        LambdaProvider restarted = new LambdaProvider(new LambdaApi(lambda.apiBase(), API_KEY, Duration.ofMillis(10)), "lab1",
                "lablink-lab1-0a1b2c3d", dir.resolve("keys"), 600);

        restarted.create(List.of(spec("lablink-vm-2", "gpu_1x_a10", "us-east-1")), new CreationListener() {
            public void created(ProvisionedMachine machine) {
            }

            public void failed(String name, ProviderException problem) {
                throw new AssertionError(problem);
            }
        });

        assertThat(lambda.sshKeyNames()).containsExactly("lablink-lab1-0a1b2c3d");
    }

    @Test
    void noCapacityFailsTheRestOfTheBatchAsNoCapacitySoTheAllocatorCanGoElsewhere() {
        lambda.capacity("gpu_1x_h100_sxm5", "us-west-1", 1);

        Outcome outcome = create(List.of(spec("lablink-vm-1", "gpu_1x_h100_sxm5", "us-west-1"),
                spec("lablink-vm-2", "gpu_1x_h100_sxm5", "us-west-1"), spec("lablink-vm-3", "gpu_1x_h100_sxm5", "us-west-1")));

        assertThat(outcome.created()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-1");
        assertThat(outcome.failed()).containsOnlyKeys("lablink-vm-2", "lablink-vm-3");
        assertThat(outcome.failed().values()).allSatisfy(problem -> {
            assertThat(problem).isInstanceOf(NoCapacityException.class);
            assertThat(problem.getMessage()).contains("Not enough capacity to fulfill launch request.", "instance-operations/launch/insufficient-capacity");
        });
        assertThat(lambda.requests()).filteredOn(r -> r.path().endsWith("/launch")).hasSize(2);
    }

    @Test
    void lambdasErrorMessageCodeAndSuggestionReachTheAdmin() {
        lambda.capacity("gpu_1x_a10", "us-east-1", 5).failNext("/launch", 403, "global/account-inactive", "Your account is inactive.");

        Outcome outcome = create(List.of(spec("lablink-vm-1", "gpu_1x_a10", "us-east-1")));

        assertThat(outcome.failed().get("lablink-vm-1").getMessage())
                .isEqualTo("Lambda Cloud: Your account is inactive. [global/account-inactive]");
    }

    @Test
    void aRateLimitedLaunchIsRetriedAndSucceeds() {
        lambda.capacity("gpu_1x_a10", "us-east-1", 5).failNext("/launch", 429, "global/rate-limited", "Too many requests.");

        Outcome outcome = create(List.of(spec("lablink-vm-1", "gpu_1x_a10", "us-east-1")));

        assertThat(outcome.failed()).isEmpty();
        assertThat(lambda.instances()).hasSize(1);
    }

    @Test
    void aWrongApiKeyIsReportedInLambdasWordsWithoutTheKey() {
        LambdaProvider wrong = new LambdaProvider(new LambdaApi(lambda.apiBase(), "not-the-key", Duration.ofMillis(10)), "lab1",
                "k", dir, 600);

        assertThatThrownBy(wrong::capacity).hasMessageContaining("API key was invalid, expired, or deleted.")
                .hasMessageContaining("global/invalid-api-key").hasMessageNotContaining("not-the-key");
    }

    @Test
    void listShowsOnlyInstancesCarryingTheDeploymentKeyAndTeardownDeletesTheKey() {
        lambda.capacity("gpu_1x_a10", "us-east-1", 5);
        ProvisionedMachine ours = create(List.of(spec("lablink-vm-1", "gpu_1x_a10", "us-east-1"))).created().getFirst();
        String stray = lambda.launchStray("left-behind", "gpu_1x_a10", "us-east-1", "lablink-lab1-0a1b2c3d");

        assertThat(provider.list()).extracting(ProvisionedMachine::providerId).containsExactlyInAnyOrder(ours.providerId(), stray);
        assertThatThrownBy(provider::teardown).hasMessageContaining("ssh-keys/key-in-use");

        provider.destroy(ours);
        provider.destroy(new ProvisionedMachine("left-behind", stray));
        provider.teardown();
        provider.teardown();

        assertThat(lambda.sshKeyNames()).isEmpty();
    }

    @Test
    void theCredentialsFileIsReadInKdevopsFormatAndRefusedWhenOthersCanReadIt() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "# written by kdevops\n[default]\nlambdalabs_api_key = " + API_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LambdaCredentials.apiKey(null, file))
                .hasMessageContaining("chmod 600 " + file).hasMessageNotContaining(API_KEY);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(LambdaCredentials.apiKey(null, file)).isEqualTo(API_KEY);
        assertThat(LambdaCredentials.apiKey("from-config", file)).isEqualTo("from-config");
        assertThatThrownBy(() -> LambdaCredentials.apiKey(null, dir.resolve("missing")))
                .hasMessageContaining("lambdalabs_api_key = <key>").hasMessageContaining("chmod 600");
    }
}
