package dev.lablink.provider.gce;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.contract.MachineProviderContract;
import dev.lablink.core.provider.contract.ProviderConfigs;
import dev.lablink.fakecloud.FakeComputeEngine;
import java.util.List;

/** The provider contract against the fake Compute Engine API. */
class GceProviderContractTest extends MachineProviderContract {
    private FakeComputeEngine gce;

    static GceSettings settings(FakeComputeEngine gce) {
        return settings(gce, "");
    }

    /** @param more further keys of the gce section, as YAML, each followed by a comma */
    static GceSettings settings(FakeComputeEngine gce, String more) {
        return ProviderConfigs.settings(new GceProviderFactory(), """
                {%sproject: my-lab, zones: [us-central1-a, us-central1-b], endpoint: "%s"}""".formatted(more, gce.apiEndpoint()));
    }

    @Override
    protected MachineProvider newProvider() {
        gce = new FakeComputeEngine(0);
        return new GceProvider(settings(gce), "contract", false);
    }

    @Override
    protected void closeBackend() {
        gce.close();
    }

    @Override
    protected String launchableType() {
        return "e2-standard-2";
    }

    @Override
    protected String scarceType() {
        return "a2-highgpu-1g";
    }

    @Override
    protected String region() {
        return "us-central1-a";
    }

    @Override
    protected boolean refuseForCapacity(String machineType) {
        gce.exhaust("us-central1-a", machineType);
        return true;
    }

    @Override
    protected void failNextLaunch() {
        gce.failNextInsert(400, "invalid", "Invalid value for field 'resource.disks[0].initializeParams.sourceImage': 'x'. The referenced image resource cannot be found.");
    }
}
