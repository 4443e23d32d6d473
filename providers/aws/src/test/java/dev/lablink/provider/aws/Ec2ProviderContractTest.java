package dev.lablink.provider.aws;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.contract.MachineProviderContract;
import dev.lablink.core.provider.contract.ProviderConfigs;
import dev.lablink.fakecloud.FakeEc2;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract against the fake EC2. */
class Ec2ProviderContractTest extends MachineProviderContract {
    private static final String SECRET_KEY = "contract-aws-secret-key-never-logged";
    @TempDir
    Path dir;
    private FakeEc2 ec2;

    @Override
    protected MachineProvider newProvider() {
        ec2 = new FakeEc2(0);
        Ec2ProviderFactory factory = new Ec2ProviderFactory();
        AwsSettings aws = ProviderConfigs.settings(factory, """
                {region: us-east-1, ami: ami-0123456789abcdef0, endpoint: "%s", access_key_id: AKIDEXAMPLE, secret_access_key: %s}"""
                .formatted(ec2.endpoint(), SECRET_KEY));
        return factory.create(aws, new ProviderContext("contract", dir, false, false, List.of()));
    }

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, SECRET_KEY);
    }

    @Override
    protected void closeBackend() {
        ec2.close();
    }

    @Override
    protected String launchableType() {
        return "g5.xlarge";
    }

    @Override
    protected String scarceType() {
        return "p5.4xlarge";
    }

    @Override
    protected String region() {
        return "us-east-1";
    }

    @Override
    protected boolean refuseForCapacity(String machineType) {
        ec2.noCapacity(machineType);
        return true;
    }

    @Override
    protected void failNextLaunch() {
        ec2.failNext("RunInstances", 400, "InvalidParameterValue", "Invalid value for InstanceType.");
    }
}
