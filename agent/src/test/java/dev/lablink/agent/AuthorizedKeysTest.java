package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedKeysTest {
    static final String ADMIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEwVnkwG4r0ZhVwcpRkOoimETUaLZanDmHfzWEQnPTh3 admin@lab";
    static final String ADA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq2Y1y6Hc7k0cG9fS7gG2l3oZrQ0r0VqW9y0wq3Xh2b ada@laptop";

    @TempDir
    Path home;
    @TempDir
    Path workDir;

    @Test
    void tildeIsTheAgentsHomeAndWorkDirTheMachinesDirectory() {
        assertThat(AuthorizedKeys.at("~/.ssh/authorized_keys", workDir, home).file()).isEqualTo(home.resolve(".ssh/authorized_keys"));
        assertThat(AuthorizedKeys.at("{work_dir}/ssh/keys", workDir, home).file()).isEqualTo(workDir.resolve("ssh/keys"));
        assertThat(AuthorizedKeys.at("/etc/ssh/keys/lab", workDir, home).file()).isEqualTo(Path.of("/etc/ssh/keys/lab"));
    }

    @Test
    void writesTheKeysInItsOwnBlockWithModesSshdAcceptsAndKeepsEveryOtherLine() throws Exception {
        AuthorizedKeys keys = AuthorizedKeys.at("~/.ssh/authorized_keys", workDir, home);
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(keys.file(), "ssh-rsa AAAAB3Nza mine@home\n");

        keys.write(List.of(ADMIN), ADA);
        assertThat(Files.readAllLines(keys.file()))
                .containsExactly("ssh-rsa AAAAB3Nza mine@home", AuthorizedKeys.BEGIN, ADMIN, ADA, AuthorizedKeys.END);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.file()))).isEqualTo("rw-------");

        keys.write(List.of(ADMIN), null); // the seat ended: the participant's key goes, the rest stays
        assertThat(Files.readAllLines(keys.file()))
                .containsExactly("ssh-rsa AAAAB3Nza mine@home", AuthorizedKeys.BEGIN, ADMIN, AuthorizedKeys.END);
        try (var left = Files.list(home.resolve(".ssh"))) {
            assertThat(left).as("no temporary file left").containsExactly(keys.file());
        }
    }

    @Test
    void makesMissingDirectoriesPrivate() throws Exception {
        AuthorizedKeys keys = AuthorizedKeys.at("{work_dir}/.ssh/authorized_keys", workDir, home);
        keys.write(List.of(), ADA);
        assertThat(Files.readAllLines(keys.file())).containsExactly(AuthorizedKeys.BEGIN, ADA, AuthorizedKeys.END);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve(".ssh")))).isEqualTo("rwx------");
    }

    @Test
    void aPortAnswersOnlyWhileSomethingListensOnIt() throws Exception {
        int port;
        try (ServerSocket app = new ServerSocket(0)) {
            port = app.getLocalPort();
            assertThat(PortProbe.answering(List.of(port))).containsExactly(port);
        }
        assertThat(PortProbe.answering(List.of(port))).isEmpty();
    }
}
