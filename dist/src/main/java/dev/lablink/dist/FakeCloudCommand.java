package dev.lablink.dist;

import dev.lablink.cli.CliException;
import dev.lablink.fakecloud.FakeEc2;
import dev.lablink.fakecloud.FakeLambdaCloud;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lablink dev fake-cloud}: fakes of Lambda Cloud and EC2 on this host, speaking their real
 * wire formats, with the capacity you give them, so the tier walk can be tried end to end.
 */
@Command(name = "fake-cloud", mixinStandardHelpOptions = true,
        description = "Run fakes of Lambda Cloud and EC2 on this host and print the lablink.yaml that uses them.")
class FakeCloudCommand implements Callable<Integer> {
    static final String API_KEY = "fake-lambda-key";

    @Option(names = "--lambda-port", defaultValue = "8701", description = "Port of the fake Lambda Cloud (default ${DEFAULT-VALUE}).")
    int lambdaPort;

    @Option(names = "--ec2-port", defaultValue = "8702", description = "Port of the fake EC2 (default ${DEFAULT-VALUE}).")
    int ec2Port;

    @Option(names = "--capacity", paramLabel = "TYPE:REGION:COUNT", split = ",", defaultValue = "gpu_1x_a100:us-east-1:8",
            description = "Lambda capacity to offer, repeatable (default ${DEFAULT-VALUE}: only A100s have room).")
    List<String> capacity;

    @Option(names = "--ec2-no-capacity", paramLabel = "TYPE", split = ",", defaultValue = "p5.4xlarge,g5.xlarge",
            description = "EC2 instance types that answer InsufficientInstanceCapacity (default ${DEFAULT-VALUE}).")
    List<String> ec2NoCapacity;

    @Option(names = "--no-agents", description = "Do not run an agent on this host for each launched instance (machines then stay BOOTING).")
    boolean noAgents;

    @Option(names = "--run-user-data", description = "Run each instance's first-boot script with sh (its paths moved under the data dir), "
            + "so the machine downloads and checks its agent as a cloud machine does; the allocator must run from lablink.jar.")
    boolean runUserData;

    @Option(names = "--write-config", paramLabel = "FILE", description = "Also write the lablink.yaml that uses the fakes to FILE.")
    Path writeConfig;

    @Option(names = "--data-dir", description = "Where the agents run (default: fake-cloud under LABLINK_DATA_DIR, else ~/.lablink/fake-cloud).")
    Path dataDir;

    /** Under sudo or in a container the JVM's home is not the user's, so LABLINK_DATA_DIR counts here as it does for the server. */
    static Path defaultDataDir(Map<String, String> environment) {
        String dataDir = environment.get("LABLINK_DATA_DIR");
        Path base = dataDir == null || dataDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".lablink")
                : Path.of(dataDir.replaceFirst("^~", System.getProperty("user.home")));
        return base.resolve("fake-cloud");
    }

    @Override
    public Integer call() {
        FakeLambdaCloud lambda;
        FakeEc2 ec2;
        try {
            lambda = new FakeLambdaCloud(lambdaPort, API_KEY);
            ec2 = new FakeEc2(ec2Port);
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage() + "; pick free ports with --lambda-port and --ec2-port");
        }
        for (String offer : capacity) {
            String[] parts = offer.split(":");
            if (parts.length != 3 || !parts[2].matches("\\d+")) {
                throw new CliException("--capacity '" + offer + "' must be TYPE:REGION:COUNT, like gpu_1x_a100:us-east-1:8");
            }
            try {
                lambda.capacity(parts[0], parts[1], Integer.parseInt(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new CliException("--capacity: " + e.getMessage());
            }
        }
        ec2NoCapacity.forEach(ec2::noCapacity);
        if (!noAgents) {
            FakeCloudAgents agents = new FakeCloudAgents(dataDir != null ? dataDir : defaultDataDir(System.getenv()), runUserData);
            lambda.onLaunch(agents::start);
            ec2.onLaunch(agents::start);
            lambda.onTerminate(agents::stop);
            ec2.onTerminate(agents::stop);
            Runtime.getRuntime().addShutdownHook(new Thread(agents::stopAll));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lambda.close();
            ec2.close();
        }));
        // A data dir of its own: the default one may belong to an allocator running beside this walk-through.
        String allocatorDataDir = dataDir.toAbsolutePath().resolve("allocator").toString();
        String config = """
                data_dir: "%s"
                provider: lambda
                machine:
                  tier: H100_OR_LESS
                  providers: [lambda, aws]
                lambda:
                  api_key: %s
                  endpoint: %s
                  launches_per_minute: 600
                aws:
                  region: us-east-1
                  ami: ami-0123456789abcdef0
                  endpoint: %s
                  access_key_id: fake
                  secret_access_key: fake
                """.formatted(allocatorDataDir.replace("\\", "\\\\").replace("\"", "\\\""), API_KEY, lambda.apiBase(), ec2.endpoint());
        if (writeConfig != null) {
            try {
                java.nio.file.Files.writeString(writeConfig, config);
            } catch (java.io.IOException e) {
                throw new CliException("--write-config: cannot write " + writeConfig + ": " + e.getMessage());
            }
        }
        System.out.println("""
                Fake Lambda Cloud on %s (API key %s) and fake EC2 on %s.
                Lambda capacity: %s; EC2 has no capacity for: %s.
                Use them with this lablink.yaml%s (then: bin/lablink server --config lablink.yaml):

                %s
                Stop with Ctrl-C.""".formatted(lambda.apiBase(), API_KEY, ec2.endpoint(), String.join(", ", capacity),
                String.join(", ", ec2NoCapacity), writeConfig == null ? "" : ", written to " + writeConfig, config));
        System.out.flush();
        return ServerCommand.KEEP_RUNNING;
    }
}
