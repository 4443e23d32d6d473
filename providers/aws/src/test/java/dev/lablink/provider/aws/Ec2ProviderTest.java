package dev.lablink.provider.aws;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lablink.core.provider.contract.LogCapture;
import dev.lablink.core.provider.contract.ProviderConfigs;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.fakecloud.FakeEc2;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ec2ProviderTest {
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "agent-token-that-must-stay-secret";

    @TempDir
    Path dir;
    private FakeEc2 ec2;
    private LogCapture logs;

    @BeforeEach
    void start() {
        ec2 = new FakeEc2(0);
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        ec2.close();
        logs.assertNoLineContains(List.of(SECRET_KEY, TOKEN));
    }

    private Ec2Provider provider(boolean spot, boolean fallback) {
        Ec2ProviderFactory factory = new Ec2ProviderFactory();
        AwsSettings aws = ProviderConfigs.settings(factory, """
                {region: us-east-1, ami: ami-0123456789abcdef0, ssh_cidrs: [203.0.113.0/24], endpoint: "%s",
                 access_key_id: AKIDEXAMPLE, secret_access_key: %s}""".formatted(ec2.endpoint(), SECRET_KEY));
        return (Ec2Provider) factory.create(aws, new ProviderContext("lab1", dir, spot, fallback, List.of()));
    }

    private static MachineSpec spec(String name, String type) {
        return aSpec(name).type(type).region("us-east-1").token(TOKEN).build();
    }

    private record Outcome(List<ProvisionedMachine> created, Map<String, ProviderException> failed, List<String> progress) {
    }

    private static Outcome create(Ec2Provider provider, List<MachineSpec> batch) {
        List<ProvisionedMachine> created = new CopyOnWriteArrayList<>();
        Map<String, ProviderException> failed = new ConcurrentHashMap<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        provider.create(batch, new CreationListener() {
            public void created(ProvisionedMachine machine) {
                created.add(machine);
            }

            public void failed(String name, ProviderException problem) {
                failed.put(name, problem);
            }

            public void progress(String name, String message) {
                progress.add(name + ": " + message);
            }
        });
        return new Outcome(created, failed, progress);
    }

    @Test
    void aBatchLaunchesTaggedInstancesWithTheDeploymentsGroupKeyAndCompressedBootstrap() {
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge"), spec("lablink-vm-2", "g5.xlarge"), spec("lablink-vm-3", "g5.xlarge")));

            assertThat(outcome.failed()).isEmpty();
            assertThat(outcome.created()).extracting(ProvisionedMachine::name).containsExactlyInAnyOrder("lablink-vm-1", "lablink-vm-2", "lablink-vm-3");
            assertThat(ec2.instances()).hasSize(3).allSatisfy(instance -> {
                assertThat(instance.tags()).containsEntry("lablink:deployment", "lab1").containsKey("lablink:machine").containsKey("Name");
                assertThat(instance.keyName()).isEqualTo("lablink-lab1");
                assertThat(instance.securityGroups()).hasSize(1);
                assertThat(instance.userData()).contains("LABLINK_AGENT_TOKEN=" + TOKEN, "LABLINK_MACHINE_NAME=" + instance.tags().get("Name"),
                        "/downloads/lablink-agent.jar", "sha256sum -c");
            });
            assertThat(ec2.securityGroupNames()).containsExactly("lablink-lab1");
            assertThat(ec2.ingressCidrs()).containsExactly("tcp:22:203.0.113.0/24");
            assertThat(ec2.keyPairNames()).containsExactly("lablink-lab1");
            assertThat(dir.resolve("keys/lablink-lab1-us-east-1.pem")).exists();
            assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactlyInAnyOrder("lablink-vm-1", "lablink-vm-2", "lablink-vm-3");
        }
    }

    @Test
    void noCapacityIsReportedInEc2sWordsAsNoCapacity() {
        ec2.noCapacity("p5.4xlarge");
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "p5.4xlarge")));

            assertThat(outcome.failed().get("lablink-vm-1")).isInstanceOf(NoCapacityException.class)
                    .hasMessageContaining("We currently do not have sufficient p5.4xlarge capacity")
                    .hasMessageContaining("[InsufficientInstanceCapacity]");
        }
    }

    @Test
    void spotWithoutCapacityFallsBackToOnDemandAndSaysSo() {
        ec2.noSpotCapacity("g5.xlarge");
        try (Ec2Provider provider = provider(true, true)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge")));

            assertThat(outcome.failed()).isEmpty();
            assertThat(ec2.instances()).singleElement().satisfies(instance -> assertThat(instance.spot()).isFalse());
            assertThat(outcome.progress()).singleElement().asString().contains("no spot capacity", "launching on-demand");
        }
    }

    @Test
    void spotWithoutFallbackStaysFailedAsNoCapacity() {
        ec2.noSpotCapacity("g5.xlarge");
        try (Ec2Provider provider = provider(true, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge")));

            assertThat(outcome.failed().get("lablink-vm-1")).isInstanceOf(NoCapacityException.class);
            assertThat(ec2.instances()).isEmpty();
        }
    }

    @Test
    void spotWithCapacityLaunchesSpot() {
        try (Ec2Provider provider = provider(true, true)) {
            create(provider, List.of(spec("lablink-vm-1", "g5.xlarge")));

            assertThat(ec2.instances()).singleElement().satisfies(instance -> assertThat(instance.spot()).isTrue());
        }
    }

    @Test
    void throttlingIsRetriedByTheSdkAndTheLaunchSucceeds() {
        ec2.failNext("RunInstances", 503, "RequestLimitExceeded", "Request limit exceeded.");
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge")));

            assertThat(outcome.failed()).isEmpty();
            assertThat(ec2.requests()).filteredOn(r -> r.body().contains("Action=RunInstances")).hasSize(2);
        }
    }

    @Test
    void aQuotaErrorIsNoCapacityWithAdviceAndOtherMachinesOfTheBatchStillLaunch() {
        ec2.failNext("RunInstances", 400, "VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of 32 allows.");
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge"), spec("lablink-vm-2", "g5.xlarge")));

            assertThat(outcome.created()).hasSize(1);
            assertThat(outcome.failed()).hasSize(1);
            assertThat(outcome.failed().values()).singleElement().satisfies(problem -> {
                assertThat(problem).isInstanceOf(NoCapacityException.class);
                assertThat(((NoCapacityException) problem).quota()).isTrue();
                assertThat(problem.getMessage()).contains("vCPU limit of 32", "[VcpuLimitExceeded]", "higher quota");
            });
        }
    }

    @Test
    void aPlainFailureCarriesEc2sMessageAndCode() {
        ec2.failNext("RunInstances", 400, "InvalidAMIID.NotFound", "The image id '[ami-0123456789abcdef0]' does not exist");
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge")));

            assertThat(outcome.failed().get("lablink-vm-1")).isNotInstanceOf(NoCapacityException.class)
                    .hasMessageContaining("does not exist").hasMessageContaining("[InvalidAMIID.NotFound]");
        }
    }

    @Test
    void destroyTerminatesIdempotentlyAndTeardownRemovesGroupAndKeyOnceNothingRuns() {
        try (Ec2Provider provider = provider(false, false)) {
            ProvisionedMachine machine = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge"))).created().getFirst();

            provider.destroy(machine);
            provider.destroy(machine);
            provider.destroy(new ProvisionedMachine("never-was", "i-0000000000000dead"));
            provider.teardown();

            assertThat(provider.list()).isEmpty();
            assertThat(ec2.securityGroupNames()).isEmpty();
            assertThat(ec2.keyPairNames()).isEmpty();
        }
    }

    @Test
    void suspendStopsAndResumeStarts() {
        try (Ec2Provider provider = provider(false, false)) {
            ProvisionedMachine machine = create(provider, List.of(spec("lablink-vm-1", "g5.xlarge"))).created().getFirst();

            provider.suspend(machine);
            assertThat(ec2.instances()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo("stopped"));
            provider.resume(machine);
            assertThat(ec2.instances()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo("running"));
        }
    }

    @Test
    void listFindsTaggedInstancesTheAllocatorDidNotStart() {
        String stray = ec2.launchStray("lablink-vm-99", "lab1");
        ec2.launchStray("other-deployment-vm", "lab2");
        try (Ec2Provider provider = provider(false, false)) {
            assertThat(provider.list()).singleElement().satisfies(machine -> {
                assertThat(machine.name()).isEqualTo("lablink-vm-99");
                assertThat(machine.providerId()).isEqualTo(stray);
            });
        }
    }

    @Test
    void aStartupScriptTooBigForEc2UserDataIsRefusedWithAdvice() {
        String huge = new java.util.Random(1).ints(40_000, 33, 127).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        try (Ec2Provider provider = provider(false, false)) {
            Outcome outcome = create(provider, List.of(aSpec("lablink-vm-1").type("g5.xlarge").region("us-east-1").token(TOKEN)
                    .startupScript(huge, false).build()));

            assertThat(outcome.failed().get("lablink-vm-1")).hasMessageContaining("16 KB").hasMessageContaining("shorten the startup script");
            assertThatThrownBy(() -> ec2.instances().getFirst()).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }
}
