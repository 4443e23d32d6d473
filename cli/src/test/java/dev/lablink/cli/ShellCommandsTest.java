package dev.lablink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The shell commands' mistakes, each one line before anything is sent; and the ProxyCommand they write for ssh. */
class ShellCommandsTest {
    @TempDir
    Path config;

    @Command(name = "lablink", subcommands = {SshCommand.class, SshConfigCommand.class, TunnelCommand.class, PortForwardCommand.class})
    static final class Root {
    }

    @AfterEach
    void forgetConfig() {
        StoredCredentials.folderOverride = null;
    }

    private String errorOf(String... args) {
        StoredCredentials.folderOverride = config;
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Root()).setErr(new PrintWriter(err));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lablink: " + e.getMessage());
            return 1;
        });
        int code = commandLine.execute(args);
        assertThat(code).isNotZero();
        return err.toString().strip();
    }

    @Test
    void withoutAnyCredentialsTheLineSaysHowAdminsAndParticipantsGetThem() {
        assertThat(errorOf("tunnel", "--url", "http://127.0.0.1:9", "lablink-vm-1", "22")).isEqualTo(
                "lablink: no credentials for http://127.0.0.1:9: admins run lablink login (or pass --token or --password), "
                        + "participants pass --seat with the token from their seat page (or set LABLINK_SEAT_TOKEN)");
    }

    @Test
    void badPortsMachineNamesAndSeatTokensAreOneLineEach() {
        assertThat(errorOf("tunnel", "--password", "x", "lablink-vm-1", "0")).isEqualTo("lablink: PORT '0' is not a port; give a number from 1 to 65535");
        assertThat(errorOf("port-forward", "--password", "x", "lablink-vm-1", "8080:http"))
                .isEqualTo("lablink: REMOTE 'http' is not a port; give a number from 1 to 65535");
        assertThat(errorOf("port-forward", "--password", "x", "lablink-vm-1", "1:2:3"))
                .isEqualTo("lablink: '1:2:3' is not LOCAL:REMOTE; give two ports, like 18080:8080");
        assertThat(errorOf("ssh", "--password", "x", "../etc")).startsWith("lablink: '../etc' is not a machine name");
        assertThat(errorOf("ssh", "--seat", "llk_admin-token", "lablink-vm-1"))
                .isEqualTo("lablink: --seat takes the seat token from your seat page, which starts with lls_");
    }

    @Test
    void theProxyCommandQuotesPathsForTheShellAndEscapesSshsPercentTokens() {
        assertThat(SelfLauncher.commandLine("/opt/lab link/bin/lablink")).isEqualTo("'/opt/lab link/bin/lablink'");
        assertThat(SelfLauncher.quoted("100%")).isEqualTo("'100%%'");
        List<String> options = SshCommand.options(new SshAccess("lablink-vm-1", 2222, null), "/usr/bin/lablink", Path.of("/home/ada/known hosts"));
        assertThat(options).containsExactly(
                "-o", "ProxyCommand=/usr/bin/lablink tunnel lablink-vm-1 2222",
                "-o", "HostKeyAlias=lablink-vm-1",
                "-o", "UserKnownHostsFile=\"/home/ada/known hosts\"",
                "-o", "StrictHostKeyChecking=accept-new");
    }
}
