package dev.lablink.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What a participant may paste as their ssh public key, and what they are told otherwise. */
public class SshPublicKeysTest {
    /** Written by ssh-keygen -t ed25519 / -t ecdsa -b 384, as a participant would paste them. */
    public static final String KEYGEN_ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEwVnkwG4r0ZhVwcpRkOoimETUaLZanDmHfzWEQnPTh3 ada@laptop";
    public static final String KEYGEN_ECDSA_384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBNE9addHOyq0pCvfTkBl6q0nyySPto34"
            + "BSGFFrjuUAuKBiTp2spbjq9Vb51Ya2oVAIvmAFMIP9x3FnAPUl9jSBNqIczk8Kciq3DH9zFLUikwdg/ekT7eP7wZP6yxPcplAA== x";
    public static final String PRIVATE_KEY = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACBMFZ5MBuK9GYVcKXGrZDqJhFFGi2Wpw5h381hEJz04dwAAAJg=
            -----END OPENSSH PRIVATE KEY-----
            """;

    static Stream<Arguments> goodKeys() throws Exception {
        return Stream.of(
                Arguments.of("ssh-keygen ed25519", KEYGEN_ED25519),
                Arguments.of("ssh-keygen ecdsa 384", KEYGEN_ECDSA_384),
                Arguments.of("ed25519 without a comment", SshKeyLines.ed25519(null)),
                Arguments.of("ecdsa nistp256", SshKeyLines.ecdsa("nistp256", "ada@laptop")),
                Arguments.of("ecdsa nistp521", SshKeyLines.ecdsa("nistp521", "ada@laptop")),
                Arguments.of("security key ed25519", SshKeyLines.skEd25519("ada@yubikey")),
                Arguments.of("security key ecdsa", SshKeyLines.skEcdsa("ada@yubikey")),
                Arguments.of("rsa 2048", SshKeyLines.rsa(2048, "ada@laptop")),
                Arguments.of("rsa 4096 with a comment of several words", SshKeyLines.rsa(4096, "Ada Lovelace's laptop")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodKeys")
    void acceptsEveryKeyTypeSshdTakesAsTheOneLineItIs(String what, String key) {
        assertThat(SshPublicKeys.check("  " + key + "\n")).isEqualTo(key);
    }

    static Stream<Arguments> badKeys() throws Exception {
        String ed = SshKeyLines.ed25519("ada@laptop");
        return Stream.of(
                Arguments.of("nothing", "   ", "no key given"),
                Arguments.of("a 1024-bit RSA key", SshKeyLines.rsa(1024, "old"), "this RSA key has 1024 bits, too few"),
                Arguments.of("a DSA key", "ssh-dss AAAAB3NzaC1kc3MAAACBAP== old", "'ssh-dss' is not a key type accepted here"),
                Arguments.of("two keys", ed + "\n" + SshKeyLines.ed25519("b"), "more than one line"),
                Arguments.of("the type only", "ssh-ed25519", "base64 part is missing"),
                Arguments.of("not base64", "ssh-ed25519 not*base64 ada", "not valid base64"),
                Arguments.of("a cut-off key", ed.substring(0, 40), "cut short or damaged"),
                Arguments.of("an rsa key labelled ed25519", SshKeyLines.mislabelled("ssh-ed25519", SshKeyLines.rsa(2048, null)),
                        "the line says ssh-ed25519 but the key inside is ssh-rsa"),
                Arguments.of("options before the key", "command=\"rm -rf /\" " + ed, "is not a key type accepted here"),
                Arguments.of("a huge paste", "ssh-ed25519 " + "A".repeat(20_000), "longer than 16 KB"),
                Arguments.of("a comment with control characters", ed + "\u0007bell", "control characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void refusesAnythingElseOnTheFieldWithTheFix(String what, String pasted, String problem) {
        assertThatThrownBy(() -> SshPublicKeys.check(pasted))
                .isInstanceOf(SshPublicKeys.Invalid.class)
                .hasMessageStartingWith("ssh public key: ")
                .hasMessageContaining(problem);
    }

    @Test
    void aPrivateKeyPastedByMistakeIsRefusedWithAWarningNotToShareIt() {
        assertThatThrownBy(() -> SshPublicKeys.check(PRIVATE_KEY))
                .hasMessageContaining("this is a PRIVATE key: never paste or share it")
                .hasMessageContaining("id_ed25519.pub")
                .hasMessageNotContaining("b3BlbnNzaC1rZXktdjE");
    }
}
