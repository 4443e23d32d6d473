package dev.lablink.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.contract.MachineSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the first-boot script with sh as cloud-init would, its paths moved under a temporary
 * directory and curl, systemctl, java, apt-get and nvidia-smi replaced by stand-ins that record
 * what they are asked to do. The "served" file is what the stand-in curl downloads.
 */
class AgentBootstrapTest {
    private static final byte[] AGENT = "the agent jar's bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path root;
    Path stubs;
    Path calls;

    @BeforeEach
    void standIns() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        stubs = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.txt");
        Files.write(dir.resolve("served.jar"), AGENT);
        stub("curl", """
                out=""
                while [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then out="$2"; shift; fi; shift; done
                echo "curl $out" >> "%1$s"
                cp "%2$s" "$out"
                """.formatted(calls, dir.resolve("served.jar")));
        stub("systemctl", "echo \"systemctl $*\" >> \"" + calls + "\"\n");
        stub("java", "exit 0\n");
        // Only these host tools: a docker or apt-get on the test machine must not change what the script does.
        for (String tool : List.of("cat", "mkdir", "chmod", "rm", "mv", "cp", "sha256sum")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(stubs.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
    }

    @Test
    void anAgentWithTheGivenHashIsInstalledAndStartedAsAService() throws Exception {
        Result result = run(MachineSpecs.aSpec("lablink-vm-1").agentJarSha256(sha256(AGENT)).build());

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(root.resolve("opt/lablink/lablink-agent.jar")).hasBinaryContent(AGENT);
        assertThat(Files.readString(root.resolve("etc/systemd/system/lablink-agent.service")))
                .contains("ExecStart=/usr/bin/env java -Xmx64m -jar " + root + "/opt/lablink/lablink-agent.jar");
        assertThat(Files.readAllLines(calls)).contains("systemctl enable --now lablink-agent");
    }

    @Test
    void aDownloadWithAnotherHashIsNeverRunAndTheBootSaysWhy() throws Exception {
        String expected = sha256("another jar".getBytes(StandardCharsets.UTF_8));
        Result result = run(MachineSpecs.aSpec("lablink-vm-1").agentJarSha256(expected).build());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("lablink bootstrap: the downloaded lablink-agent.jar does not have the SHA-256 " + expected
                + " given in the user data; not running it");
        assertThat(root.resolve("opt/lablink/lablink-agent.jar")).doesNotExist();
        assertThat(root.resolve("opt/lablink/lablink-agent.jar.download")).doesNotExist();
        assertThat(Files.readAllLines(calls)).noneMatch(line -> line.startsWith("systemctl"));
    }

    @Test
    void withoutAHashTheBootRefusesToStartAnUncheckedAgent() throws Exception {
        Result result = run(MachineSpecs.aSpec("lablink-vm-1").agentJarSha256(null).build());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("the allocator gave no SHA-256 for its agent");
        assertThat(calls).doesNotExist();
    }

    @Test
    void theScriptDownloadsTheAgentAloneAndChecksItBeforeRunningIt() {
        String script = AgentBootstrap.script(MachineSpecs.aSpec("lablink-vm-1").allocator("http://allocator.example:8080/").build());

        assertThat(script).contains("\"http://allocator.example:8080/downloads/lablink-agent.jar\"", "AGENT_SHA256=" + MachineSpecs.AGENT_JAR_SHA256,
                "sha256sum -c").doesNotContain("/downloads/lablink.jar", "lablink.jar agent");
        assertThat(script.indexOf("sha256sum -c")).isLessThan(script.indexOf("systemctl enable"));
    }

    @Test
    void aSessionThatRunsAnImageGetsAContainerEngineWhenTheMachineHasNone() throws Exception {
        stub("apt-get", "echo \"apt-get $*\" >> \"" + calls + "\"\n");
        stub("apt-cache", "exit 100\n"); // the distribution has no nvidia-container-toolkit package
        stub("nvidia-smi", "exit 0\n");

        Result result = run(MachineSpecs.aSpec("lablink-vm-1").agentJarSha256(sha256(AGENT)).containerEngine(true).build());

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(Files.readAllLines(calls)).contains("apt-get install -y -q docker.io");
        assertThat(result.stderr()).contains("no nvidia-container-toolkit package for this distribution; GPUs will not reach containers");
    }

    @Test
    void noEngineIsInstalledWhenTheSessionRunsNoImage() {
        String script = AgentBootstrap.script(MachineSpecs.aSpec("lablink-vm-1").build());

        assertThat(script).doesNotContain("docker", "podman");
    }

    private record Result(int exit, String stderr) {
    }

    private Result run(MachineSpec spec) throws IOException, InterruptedException {
        String script = AgentBootstrap.script(spec)
                .replace(AgentBootstrap.DIR, root + AgentBootstrap.DIR)
                .replace(AgentBootstrap.UNITS, root + AgentBootstrap.UNITS);
        Path file = dir.resolve("user-data.sh");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", file.toString()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("PATH", stubs.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("stderr.txt")));
    }

    private void stub(String name, String body) throws IOException {
        Path file = stubs.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
