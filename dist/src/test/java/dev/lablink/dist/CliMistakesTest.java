package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Mistakes a new user makes on the command line: each gets one plain line, never a stack trace, and nothing happens. */
class CliMistakesTest {
    /** Nothing listens on port 9: a command that got as far as calling the allocator would say "cannot reach". */
    private static final String NOWHERE = "http://127.0.0.1:9";

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome lablink(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LabLinkMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void destroyAllWithoutYesOffATerminalRefusesAndDestroysNothing() {
        Outcome outcome = lablink("vm", "destroy", "--all", "--url", NOWHERE, "--password", "x");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip()).isEqualTo("lablink: vm destroy --all destroys every machine, claimed ones included; add --yes to confirm");
    }

    @Test
    void destroyAllWithYesGoesAhead() {
        Outcome outcome = lablink("vm", "destroy", "--all", "--yes", "--url", NOWHERE, "--password", "x");

        assertThat(outcome.err()).contains("cannot reach the allocator at " + NOWHERE);
    }

    @Test
    void aUrlWithoutSchemeOrWithAnotherSchemeIsOneLine() {
        for (String url : new String[] {"localhost:8080", "ftp://localhost:8080", "http//localhost"}) {
            Outcome outcome = lablink("vm", "list", "--url", url, "--password", "x");

            assertThat(outcome.exitCode()).as(url).isEqualTo(1);
            assertThat(outcome.err().strip()).as(url)
                    .isEqualTo("lablink: --url '" + url + "' is not an allocator URL; write it with http:// or https://, like http://localhost:8080 (or set LABLINK_URL)");
        }
    }

    @Test
    void aMistypedSubcommandGetsADidYouMean() {
        Map<String, String> typos = Map.of("lsit", "list", "crate", "create", "relase", "release", "destory", "destroy");
        typos.forEach((typo, meant) -> {
            Outcome outcome = lablink("vm", typo);

            assertThat(outcome.exitCode()).as(typo).isEqualTo(2);
            assertThat(outcome.err().strip()).as(typo)
                    .isEqualTo("lablink vm: unknown command '" + typo + "'; did you mean lablink vm " + meant + "? (see lablink vm --help)");
        });
        assertThat(lablink("vm", "frobnicate").err()).contains("unknown command 'frobnicate'; commands: create, list, release, destroy");
    }

    @Test
    void claimIsAnAdminsOnAParticipantsBehalf() {
        Outcome help = lablink("claim", "--help");

        assertThat(help.out()).contains("--email", "--url", "--user", "--password", "--token");
    }

    @Test
    void aMachineNameThatIsAPathIsRefusedHere() {
        for (String name : new String[] {"../..", "a/b", "..", "vm 1"}) {
            Outcome release = lablink("vm", "release", name, "--url", NOWHERE, "--password", "x");
            Outcome destroy = lablink("vm", "destroy", "lablink-vm-1", name, "--url", NOWHERE, "--password", "x");

            assertThat(release.exitCode()).as(name).isEqualTo(1);
            assertThat(release.err().strip()).as(name).isEqualTo("lablink: '" + name
                    + "' is not a machine name (letters, digits, '.', '_' and '-', like lablink-vm-1; see lablink vm list)");
            assertThat(destroy.err().strip()).as("nothing is destroyed before the bad name is found").isEqualTo(release.err().strip());
        }
    }
}
