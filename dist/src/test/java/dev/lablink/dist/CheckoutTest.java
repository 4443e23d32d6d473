package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a new contributor meets in the checkout: bin/test's own usage, and a written lablink.yaml that git leaves alone. */
class CheckoutTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out + "\nexit " + process.exitValue();
    }

    @Test
    void binTestHelpSaysHowToRunOneModuleOrOneTest() throws Exception {
        String help = run(List.of("bash", "bin/test", "--help"));

        assertThat(help).startsWith("Usage: bin/test").contains("-pl server -am -Dtest=ClaimConcurrencyTest").endsWith("exit 0")
                .doesNotContain("usage: mvn");
    }

    @Test
    void aLablinkYamlWrittenIntoTheCheckoutIsIgnoredByGit() throws Exception {
        if (!Files.exists(ROOT.resolve(".git"))) {
            return; // a source tarball has no git to ask
        }
        assertThat(run(List.of("git", "check-ignore", "lablink.yaml"))).contains("lablink.yaml").endsWith("exit 0");
    }
}
