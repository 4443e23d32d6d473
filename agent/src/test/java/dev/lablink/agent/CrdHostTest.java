package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start-host is given the code as one argument and the PIN twice on stdin, with no shell in between. */
class CrdHostTest {
    @TempDir
    Path dir;

    /** A stand-in start-host that records each argument on its own line, then what it read on stdin. */
    private String fakeStartHost(int exit) throws IOException {
        Path script = dir.resolve("start-host");
        Files.writeString(script, """
                #!/bin/sh
                for argument in "$@"; do printf '%%s\\n' "$argument" >> '%1$s/args'; done
                cat > '%1$s/stdin'
                exit %2$d
                """.formatted(dir, exit));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    @Test
    void startHostGetsTheCodeTheRedirectAndTheNameAndThePinTwice() throws Exception {
        new CrdHost(fakeStartHost(0), "lablink-vm-3", dir).register("4/0AeanS0a_B1c-Dx9", "482913");

        assertThat(Files.readAllLines(dir.resolve("args"))).containsExactly("--code=4/0AeanS0a_B1c-Dx9",
                "--redirect-url=https://remotedesktop.google.com/_/oauthredirect", "--name=lablink-vm-3");
        assertThat(Files.readString(dir.resolve("stdin"))).isEqualTo("482913\n482913\n");
    }

    @Test
    void shellCharactersInACodeStayOneArgumentAndRunNothing() throws Exception {
        new CrdHost(fakeStartHost(0), "m", dir).register("abc; touch " + dir.resolve("pwned") + " $(id)", "111111");

        assertThat(Files.readAllLines(dir.resolve("args")).getFirst()).isEqualTo("--code=abc; touch " + dir.resolve("pwned") + " $(id)");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aFailingStartHostIsAnErrorWithItsStatus() throws Exception {
        String startHost = fakeStartHost(1);

        assertThatThrownBy(() -> new CrdHost(startHost, "m", dir).register("abc", "123456"))
                .isInstanceOf(IOException.class).hasMessage("start-host exited with status 1 (see crd.log)");
        assertThat(List.of(dir.resolve("crd.log"))).allMatch(Files::exists);
    }
}
