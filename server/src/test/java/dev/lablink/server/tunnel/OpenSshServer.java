package dev.lablink.server.tunnel;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's OpenSSH server on a free loopback port, with its own host key, config and authorized
 * keys in a folder: the ssh server a machine's session runs. Missing sshd skips the tests unless
 * LABLINK_REQUIRE_BROWSER=1 (CI), where it fails them.
 */
final class OpenSshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final int port;
    final Path clientKey;
    private final Process process;

    private OpenSshServer(int port, Path clientKey, Process process) {
        this.port = port;
        this.clientKey = clientKey;
        this.process = process;
    }

    static void assumeInstalled() {
        boolean present = Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/scp"));
        if (!present && "1".equals(System.getenv("LABLINK_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("OpenSSH is missing: install openssh-server and openssh-client (apt install openssh-server)");
        }
        Assumptions.assumeTrue(present, "OpenSSH is not installed (apt install openssh-server); the ssh tests are skipped");
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Starts sshd on {@code port}, letting in a client key made here (the test plays the agent that installs keys). */
    static OpenSshServer start(Path dir, int port) throws IOException, InterruptedException {
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd as root wants its privilege separation folder, as Debian's service makes it
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "StrictModes no",
                "UsePAM no",
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                ""));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return new OpenSshServer(port, dir.resolve("client_key"), sshd);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
