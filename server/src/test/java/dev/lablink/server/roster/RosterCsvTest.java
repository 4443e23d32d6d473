package dev.lablink.server.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roster files as spreadsheets and editors write them. */
class RosterCsvTest {
    private static List<RosterEntry> read(String csv) {
        return RosterCsv.read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(String csv) {
        try {
            read(csv);
        } catch (RosterImportException e) {
            return e.problems().stream().map(RosterImportException.RowProblem::text).toList();
        }
        throw new AssertionError("the file was accepted");
    }

    @Test
    void withoutAHeaderTheColumnsAreEmailNameGroup() {
        assertThat(read("ada@example.org,Ada,A\r\ngrace@example.org\n")).containsExactly(
                new RosterEntry("ada@example.org", "Ada", "A"), new RosterEntry("grace@example.org", null, null));
    }

    @Test
    void aHeaderMayOrderTheColumnsAndExcelsByteOrderMarkIsDropped() {
        assertThat(read("\uFEFFgroup,Email,name\nB,Grace@Example.org,Grace\n")).containsExactly(new RosterEntry("grace@example.org", "Grace", "B"));
    }

    @Test
    void everyBadRowIsNamedByItsLineInTheFile() {
        assertThat(problems("email,name,group\n\n,No email\nada@example.org,Ada,A,extra\nsam@example.org,Sam\nnope,Nope\nSAM@example.org,Sam\n"))
                .containsExactly(
                        "line 3: email is required on every row",
                        "line 4: the row has 4 columns, the header 3; quote a name that holds a comma",
                        "line 6: email 'nope' is not an email address; write it like name@example.org",
                        "line 7: email 'sam@example.org' is already on line 5; list each person once");
        assertThat(problems("a@example.org,A,G,x\n")).containsExactly(
                "line 1: the row has 4 columns; write at most 3: email,name,group (quote a name that holds a comma)");
        assertThat(problems("email,nickname\na@example.org,A\n")).containsExactly(
                "line 1: column 'nickname' is not one of email, name, group; remove it or rename it");
    }

    @Test
    void anUnclosedQuoteNamesWhereItStarts() {
        List<String> problems = problems("ada@example.org,Ada\ngrace@example.org,\"Hopper, Grace\nalan@example.org,Alan\n");

        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith("line 2: a quoted value is not closed");
    }

    @Test
    void anExportReadsBackAsTheSamePeople() {
        List<RosterPerson> people = List.of(new RosterPerson("a@example.org", "Smith, \"Al\"", null, null, null),
                new RosterPerson("b@example.org", null, "G 1", null, null));

        assertThat(read(RosterCsv.write(people))).containsExactly(
                new RosterEntry("a@example.org", "Smith, \"Al\"", null), new RosterEntry("b@example.org", null, "G 1"));
        assertThatThrownBy(() -> read("email,name,group\n")).hasMessageContaining("lists nobody");
    }
}
