package dev.lablink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What participants paste, good and bad; only a clean --code value ever comes out. */
class CrdCommandTest {
    private static final String GOOGLE = "DISPLAY= /opt/google/chrome-remote-desktop/start-host "
            + "--code=\"4/0AeanS0a_B1c-Dx9\" --redirect-url=\"https://remotedesktop.google.com/_/oauthredirect\" --name=$(hostname)";

    @Test
    void theCommandGoogleShowsGivesItsCodeAndNothingElse() {
        assertThat(CrdCommand.code(GOOGLE)).isEqualTo("4/0AeanS0a_B1c-Dx9");
    }

    @Test
    void theCodeMayFollowAsTheNextWordAndInSingleQuotes() {
        assertThat(CrdCommand.code("start-host --code 4/abc-DEF_1 --name=x")).isEqualTo("4/abc-DEF_1");
        assertThat(CrdCommand.code("start-host --code='4/abc'")).isEqualTo("4/abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "start-host --code=abc; rm -rf /",
            "start-host --code=$(id)",
            "start-host --code=`id`",
            "start-host --code=\"abc\"\"def\"",
            "start-host --code=\"abc'",
            "start-host --code=abc|nc",
            "start-host --code=abc&&reboot"})
    void injectionInTheCodeIsRefusedNamingTheCharacter(String pasted) {
        assertThatThrownBy(() -> CrdCommand.code(pasted))
                .isInstanceOf(CrdCommand.InvalidCrdCommandException.class)
                .hasMessageStartingWith("the --code value may hold only letters, digits, _, / and -, but it has '");
    }

    @Test
    void aNewlineIsRefusedWhereverItIs() {
        assertThatThrownBy(() -> CrdCommand.code("start-host --code=abc\nrm -rf /")).hasMessageContaining("must be one line");
        assertThatThrownBy(() -> CrdCommand.code("start-host --code=abc\rrm")).hasMessageContaining("must be one line");
    }

    @Test
    void missingDoubledOrEmptyCodesAreRefused() {
        assertThatThrownBy(() -> CrdCommand.code("")).hasMessageContaining("is required");
        assertThatThrownBy(() -> CrdCommand.code(null)).hasMessageContaining("is required");
        assertThatThrownBy(() -> CrdCommand.code("start-host --name=x")).hasMessageContaining("has no --code");
        assertThatThrownBy(() -> CrdCommand.code("--code=a --code=b")).hasMessageContaining("has 2 --code values");
        assertThatThrownBy(() -> CrdCommand.code("start-host --code=")).hasMessageContaining("has no value");
        assertThatThrownBy(() -> CrdCommand.code("x".repeat(2001) + " --code=a")).hasMessageContaining("too long");
    }

    @Test
    void aLookalikeFlagIsNotACode() {
        assertThatThrownBy(() -> CrdCommand.code("start-host --codex=abc")).hasMessageContaining("has no --code");
    }
}
