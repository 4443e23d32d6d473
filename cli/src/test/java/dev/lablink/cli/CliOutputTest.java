package dev.lablink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the CLI prints for people: a progress line that redraws cleanly, times they can read. */
class CliOutputTest {
    private static List<JsonNode> machines(String... states) {
        return java.util.Arrays.stream(states).map(state -> (JsonNode) ApiClient.JSON.createObjectNode().put("state", state)).toList();
    }

    @Test
    void aShorterProgressLineClearsWhatTheLongerOneLeft() {
        StringWriter out = new StringWriter();
        CreationProgress progress = new CreationProgress(new PrintWriter(out), true);
        progress.show(machines("BOOTING", "PROVISIONING", "READY"), 3);
        progress.show(machines("READY", "READY", "READY"), 3);

        String[] redraws = out.toString().split("\r");
        assertThat(redraws[redraws.length - 1]).isEqualTo("[##############################] 3/3  {READY=3}\033[K");
    }

    @Test
    void offATerminalEachChangeIsAPlainLine() {
        StringWriter out = new StringWriter();
        CreationProgress progress = new CreationProgress(new PrintWriter(out), false);
        progress.show(machines("BOOTING"), 1);
        progress.show(machines("READY"), 1);

        assertThat(out.toString()).doesNotContain("\033", "\r").contains("0/1  {BOOTING=1}\n", "1/1  {READY=1}\n");
    }

    @Test
    void tablesShowTimesToTheSecondInTheLocalZone() {
        assertThat(ShownTime.of("2026-11-23T01:06:03.049501Z", ZoneId.of("Europe/Berlin"))).isEqualTo("2026-11-23 02:06:03");
        assertThat(ShownTime.of("2026-11-23T01:06:03.049501Z", ZoneId.of("UTC"))).isEqualTo("2026-11-23 01:06:03");

        StringWriter out = new StringWriter();
        MachineTable.print(ApiClient.JSON.readTree("""
                [{"name": "lablink-vm-1", "state": "READY", "provider": "local", "state_changed_at": "2026-11-23T01:06:03.049501Z"}]
                """), new PrintWriter(out, true));
        assertThat(out.toString()).contains(ShownTime.of("2026-11-23T01:06:03.049501Z", ZoneId.systemDefault()))
                .doesNotContain(".049501", "T01:06");
    }
}
