package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cloud walk-through, as a user runs it: {@code lablink dev fake-cloud}, the
 * allocator on the printed config, {@code lablink vm create --count 4} on an H100 tier where only
 * A100s have room, then {@code lablink down --yes}.
 */
class CloudWalkthroughIT {
    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");

    @TempDir
    Path dir;
    private final LabLinkJar lablink = new LabLinkJar();
    private Process fakeCloud;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : new Process[] {server, fakeCloud}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void anH100TierWhereOnlyA100sHaveRoomGetsFourA100sAndSaysWhy() throws Exception {
        int lambdaPort = LabLinkJar.freePort();
        int ec2Port = LabLinkJar.freePort();
        Path fakeLog = dir.resolve("fake-cloud.log");
        fakeCloud = lablink.start(fakeLog, "Stop with Ctrl-C", List.of("dev", "fake-cloud", "--lambda-port", String.valueOf(lambdaPort),
                "--ec2-port", String.valueOf(ec2Port), "--data-dir", dir.resolve("fake").toString(), "--write-config", dir.resolve("lablink.yaml").toString()));
        Path config = dir.resolve("lablink.yaml");
        // its own data dir, so the walk-through can run beside an allocator on the default one
        assertThat(Files.readString(config)).contains("data_dir: \"" + dir.resolve("fake").resolve("allocator") + "\"");

        int port = LabLinkJar.freePort();
        Path serverLog = dir.resolve("server.log");
        server = lablink.startServer(dir.resolve("data"), port, serverLog, "--config", config.toString());
        Matcher password = PASSWORD.matcher(Files.readString(serverLog));
        assertThat(password.find()).isTrue();
        Map<String, String> env = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", password.group(1));

        LabLinkJar.Result created = lablink.run(env, "vm", "create", "--count", "4", "--timeout", "PT2M");

        assertThat(created.exitCode()).as(created.out()).isZero();
        assertThat(created.out()).contains("skipped gpu_1x_h100_sxm5 at lambda: no capacity",
                "tried p5.4xlarge in us-east-1 at aws: no capacity for 4", "launched 4 × gpu_1x_a100 in us-east-1 at lambda",
                "4 of 4 machines READY");
        LabLinkJar.Result listed = lablink.run(env, "vm", "list");
        assertThat(listed.out().lines().filter(line -> line.contains("READY") && line.contains("gpu_1x_a100"))).hasSize(4);

        LabLinkJar.Result down = lablink.run(env, "down", "--yes");

        assertThat(down.exitCode()).as(down.out()).isZero();
        assertThat(down.out()).contains("Destroyed 4 machines", "lambda: shared resources deleted", "aws: shared resources deleted");
        assertThat(Files.readString(fakeLog)).contains("terminated").doesNotContain("could not start an agent");
        assertThat(Files.readString(serverLog)).doesNotContain("fake-lambda-key");
    }
}
