package dev.lablink.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every machine state change goes through {@link MachineTransitions}: a statement written anywhere
 * else that sets {@code state} (or its bookkeeping) would skip MachineState's table, the event or the
 * notification; and controllers leave the decision to {@link MachineLifecycle}. Read from the
 * sources, so it holds for statements no test happens to run.
 */
class StateWritesFunnelTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String FUNNEL = "dev/lablink/server/machines/MachineTransitions.java";
    /** An UPDATE of machines, up to where its SET list ends. */
    private static final Pattern UPDATE = Pattern.compile("(?is)UPDATE\\s+machines\\b(.*?)(\\bFROM\\b|\\bWHERE\\b|\\bRETURNING\\b|$)");
    private static final Pattern STATE_CALL = Pattern.compile("\\.(transition|returnFromUnreachable|move)\\(");
    private static final Pattern STATE_WRITE = Pattern.compile("(?i)\\bstate(_changed_at|_times)?\\s*=");

    @Test
    void onlyTheFunnelSetsAMachinesState() {
        assertThat(stateWriters().keySet()).containsExactly(FUNNEL);
    }

    @Test
    void onlyTheFunnelWritesStateChangedEvents() {
        assertThat(sourcesContaining("'STATE_CHANGED'")).containsExactly(FUNNEL);
    }

    @Test
    void notificationsNameTheChannelByItsConstant() {
        assertThat(sourcesContaining("'" + MachineChangeChannel.CHANNEL + "'")).isEmpty();
    }

    /** Controllers translate HTTP; what a machine's word does to its state is MachineLifecycle's to decide. */
    @Test
    void controllersLeaveStateChangesToTheLifecycle() {
        List<String> deciding = sources().filter(file -> file.getFileName().toString().endsWith("Controller.java"))
                .filter(file -> STATE_CALL.matcher(read(file)).find()).map(StateWritesFunnelTest::name).toList();
        assertThat(deciding).isEmpty();
    }

    @Test
    void theScanRecognisesAStateWrite() {
        assertThat(writesState("UPDATE machines m SET assigned_email = :e, state = 'READY' WHERE id = 1")).isTrue();
        assertThat(writesState("UPDATE machines SET state_times = '{}' FROM x")).isTrue();
        assertThat(writesState("UPDATE machines SET last_seen_at = now() WHERE state = 'READY'")).isFalse();
        assertThat(writesState("UPDATE machines SET state_reason = :r, gpu_health = :h WHERE id = :id")).isFalse();
    }

    /** File name → the UPDATEs in it that write state. */
    private static Map<String, List<String>> stateWriters() {
        return sources().collect(Collectors.toMap(StateWritesFunnelTest::name, StateWritesFunnelTest::stateWrites))
                .entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> stateWrites(Path file) {
        Matcher updates = UPDATE.matcher(read(file));
        return updates.results().map(m -> m.group()).filter(StateWritesFunnelTest::writesState).toList();
    }

    private static boolean writesState(String sql) {
        Matcher update = UPDATE.matcher(sql);
        return update.find() && STATE_WRITE.matcher(update.group(1)).find();
    }

    private static List<String> sourcesContaining(String text) {
        return sources().filter(file -> read(file).contains(text)).map(StateWritesFunnelTest::name).toList();
    }

    private static String name(Path file) {
        return SOURCES.relativize(file).toString().replace('\\', '/');
    }

    private static Stream<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).toList();
            assertThat(java).as("server sources under " + SOURCES.toAbsolutePath()).isNotEmpty();
            return java.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
