package dev.lablink.provider.lambda;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.contract.MachineProviderContract;
import dev.lablink.fakecloud.FakeLambdaCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract against the fake Lambda Cloud. */
class LambdaProviderContractTest extends MachineProviderContract {
    private static final String API_KEY = "contract-lambda-api-key-never-logged";

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, API_KEY);
    }

    @TempDir
    Path dir;
    private FakeLambdaCloud lambda;

    @Override
    protected MachineProvider newProvider() {
        lambda = new FakeLambdaCloud(0, API_KEY).capacity("gpu_1x_a10", "us-east-1", 10);
        return new LambdaProvider(new LambdaApi(lambda.apiBase(), API_KEY, Duration.ofMillis(10)), "contract", "lablink-contract-00000000",
                dir.resolve("keys"), 600);
    }

    @Override
    protected void closeBackend() {
        lambda.close();
    }

    @Override
    protected String launchableType() {
        return "gpu_1x_a10";
    }

    @Override
    protected String scarceType() {
        return "gpu_1x_h100_sxm5";
    }

    @Override
    protected String region() {
        return "us-east-1";
    }

    @Override
    protected boolean refuseForCapacity(String machineType) {
        lambda.capacity(machineType, "us-east-1", 0);
        return true;
    }

    @Override
    protected void failNextLaunch() {
        lambda.failNext("/launch", 400, "global/invalid-parameters", "Invalid request parameters.");
    }
}
