package dev.lablink.provider.gce;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.fakecloud.FakeComputeEngine;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a machine's instance looks like on Compute Engine, and the zone-exhausted error in Compute Engine's words. */
class GceProviderTest {
    private FakeComputeEngine gce;
    private GceProvider provider;

    @BeforeEach
    void start() {
        gce = new FakeComputeEngine(0);
        provider = new GceProvider(GceProviderContractTest.settings(gce), "lab1", true);
    }

    @AfterEach
    void stop() {
        provider.close();
        gce.close();
    }

    private record Outcome(List<ProvisionedMachine> created, Map<String, ProviderException> failed) {
    }

    private Outcome create(MachineSpec... specs) {
        Outcome outcome = new Outcome(new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>());
        provider.create(List.of(specs), new CreationListener() {
            public void created(ProvisionedMachine machine) {
                outcome.created().add(machine);
            }

            public void failed(String name, ProviderException problem) {
                outcome.failed().put(name, problem);
            }
        });
        return outcome;
    }

    private static MachineSpec spec(String name, String type, String zone) {
        return aSpec(name).type(type).region(zone).token("gce-token").build();
    }

    @Test
    void aGpuMachineIsALabelledSpotInstanceStartedByTheAgentBootstrap() {
        Outcome outcome = create(spec("lablink-vm-1", "a2-highgpu-1g", "us-central1-b"));

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.created()).singleElement().satisfies(machine -> {
            assertThat(machine.providerId()).isEqualTo("us-central1-b/lablink-vm-1");
            assertThat(machine.address()).startsWith("203.0.113.");
        });
        JsonNode instance = gce.instances().getFirst();
        assertThat(instance.path("labels").path("lablink-deployment").asString()).isEqualTo("lab1");
        assertThat(instance.path("labels").path("lablink-machine").asString()).isEqualTo("lablink-vm-1");
        assertThat(instance.path("machineType").asString()).endsWith("/zones/us-central1-b/machineTypes/a2-highgpu-1g");
        assertThat(instance.path("scheduling").path("provisioningModel").asString()).isEqualTo("SPOT");
        assertThat(instance.path("scheduling").path("onHostMaintenance").asString()).isEqualTo("TERMINATE");
        assertThat(instance.path("disks").get(0).path("initializeParams").path("sourceImage").asString()).contains("ubuntu-os-cloud");
        assertThat(instance.path("metadata").path("items").get(0).path("key").asString()).isEqualTo("startup-script");
        assertThat(instance.path("metadata").path("items").get(0).path("value").asString()).contains("LABLINK_AGENT_TOKEN=gce-token", "/downloads/lablink-agent.jar", "AGENT_SHA256=");
    }

    @Test
    void anExhaustedZoneIsNoCapacityInComputeEnginesWordsAndAnotherZoneStillWorks() {
        gce.exhaust("us-central1-a", "a2-highgpu-1g");

        Outcome refused = create(spec("lablink-vm-1", "a2-highgpu-1g", "us-central1-a"));
        Outcome elsewhere = create(spec("lablink-vm-2", "a2-highgpu-1g", "us-central1-b"));

        assertThat(refused.failed().get("lablink-vm-1")).isInstanceOf(NoCapacityException.class)
                .hasMessageContaining("does not have enough resources available").hasMessageContaining("[ZONE_RESOURCE_POOL_EXHAUSTED]");
        assertThat(elsewhere.created()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-2");
    }

    @Test
    void aRefusedInsertCarriesComputeEnginesMessage() {
        gce.failNextInsert(403, "forbidden", "Required 'compute.instances.create' permission for 'projects/my-lab/zones/us-central1-a/instances/lablink-vm-1'");

        Outcome outcome = create(spec("lablink-vm-1", "e2-standard-2", "us-central1-a"));

        assertThat(outcome.failed().get("lablink-vm-1")).isNotInstanceOf(NoCapacityException.class)
                .hasMessageContaining("compute.instances.create");
    }

    @Test
    void listFindsThisDeploymentsInstancesInEveryZoneAndStopStartWork() {
        create(spec("lablink-vm-1", "e2-standard-2", "us-central1-a"), spec("lablink-vm-2", "e2-standard-2", "us-central1-b"));
        GceProvider other = new GceProvider(GceProviderContractTest.settings(gce), "lab2", false);

        assertThat(provider.list()).extracting(ProvisionedMachine::providerId)
                .containsExactlyInAnyOrder("us-central1-a/lablink-vm-1", "us-central1-b/lablink-vm-2");
        assertThat(other.list()).isEmpty();
        other.close();

        provider.suspend(new ProvisionedMachine("lablink-vm-1", "us-central1-a/lablink-vm-1"));
        assertThat(gce.instances()).filteredOn(i -> i.path("name").asString().equals("lablink-vm-1"))
                .singleElement().satisfies(i -> assertThat(i.path("status").asString()).isEqualTo("TERMINATED"));
        provider.resume(new ProvisionedMachine("lablink-vm-1", "us-central1-a/lablink-vm-1"));
        assertThat(gce.instances()).filteredOn(i -> i.path("name").asString().equals("lablink-vm-1"))
                .singleElement().satisfies(i -> assertThat(i.path("status").asString()).isEqualTo("RUNNING"));
    }

    @Test
    void epicLabsNamingGivesInstancesTheRequestersNameAndTheLaunchDateWhileTheMachineKeepsItsOwn() {
        provider.close();
        provider = new GceProvider(GceProviderContractTest.settings(gce, "instance_name: \"" + GceSettings.EPIC_LAB_NAMES + "\", "), "lab1", false);
        String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);

        Outcome outcome = create(aSpec("lablink-vm-7").type("e2-standard-2").region("us-central1-a").token("gce-token")
                .requestedBy("admin:Alice.Smith").build());

        assertThat(gce.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.path("name").asString()).isEqualTo("alice-smith-" + date + "-7");
            assertThat(instance.path("labels").path("lablink-machine").asString()).isEqualTo("lablink-vm-7");
        });
        ProvisionedMachine machine = outcome.created().getFirst();
        assertThat(machine.name()).isEqualTo("lablink-vm-7");
        assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-7");

        provider.destroy(machine);

        assertThat(gce.instances()).isEmpty();
    }
}
