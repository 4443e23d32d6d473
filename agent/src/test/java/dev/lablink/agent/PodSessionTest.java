package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's side of a Kubernetes pod's session container, against the real wrapper run by a real sh. */
class PodSessionTest {
    private static final SessionOrders ORDERS = new SessionOrders("quay.io/jupyter/base-notebook:latest", null, null, null, 92, 85, true, null);
    private static final String ODD = "it's \"quoted\", $HOME stays, `id` and $(id) too\nsecond line\\n 'end'";

    @TempDir
    Path temp;
    private Process container;

    /** What the provider makes the session container run: {@code sh -c <wrapper>}, the hand-over and work dirs in its env. */
    private Path startSessionContainer() throws Exception {
        Path handOver = Files.createDirectories(temp.resolve("session"));
        Path work = Files.createDirectories(temp.resolve("work"));
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", PodSession.wrapperScript()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("container.log").toFile());
        sh.environment().put(PodSession.DIR_VARIABLE, handOver.toString());
        sh.environment().put("LABLINK_WORK_DIR", work.toString());
        container = sh.start();
        return work;
    }

    private PodSession session() {
        return new PodSession(temp.resolve("session"), "seat-1", Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @AfterEach
    void stopContainer() throws Exception {
        if (container != null) {
            container.destroy();
            container.waitFor(5, TimeUnit.SECONDS);
            container.destroyForcibly();
        }
    }

    @Test
    void theMachineIsReadyOnlyOnceTheSessionContainerWaits() throws Exception {
        Files.createDirectories(temp.resolve("session"));
        PodSession noContainer = new PodSession(temp.resolve("session"), "seat-1", Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(noContainer.prepare(ORDERS)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("session container (image quay.io/jupyter/base-notebook:latest) did not start within 0 s")
                .contains("kubectl describe pod seat-1"));

        startSessionContainer();
        assertThat(session().prepare(ORDERS)).isEmpty();
    }

    @Test
    void anAssignmentRunsTheCommandInTheWorkDirWithItsEnvironmentAndStopEndsIt() throws Exception {
        Path work = startSessionContainer();
        PodSession session = session();
        session.prepare(ORDERS);

        session.start(new Assignment(7L, "ada@example.org", List.of("sh", "-c",
                "printf %s \"$LABLINK_ODD\" > odd.txt; printf %s \"$1\" > arg.txt;"
                        + " echo \"$LABLINK_USER_EMAIL $LABLINK_MACHINE_NAME $LABLINK_LISTEN_ADDRESS $LABLINK_BASE_URL_JUPYTER\" > who.txt; exec sleep 60",
                "session", ODD), null, null, "r1", null, Map.of("LABLINK_ODD", ODD, "LABLINK_BASE_URL_JUPYTER", "/m/seat-1/jupyter/"), null));

        assertThat(session.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(work.resolve("arg.txt")) && Files.exists(work.resolve("who.txt")));
        assertThat(Files.readString(work.resolve("odd.txt"))).isEqualTo(ODD);
        assertThat(Files.readString(work.resolve("arg.txt"))).isEqualTo(ODD);
        assertThat(Files.readString(work.resolve("who.txt")).trim()).isEqualTo("ada@example.org seat-1 127.0.0.1 /m/seat-1/jupyter/");
        assertThat(temp.resolve("session").resolve("env")).doesNotExist(); // taken by the wrapper, not left lying around

        session.stop();
        assertThat(session.isRunning()).isFalse();
        assertThat(container.isAlive()).isTrue(); // the container waits for the next participant instead of restarting
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(temp.resolve("session").resolve("waiting")));

        session.start(new Assignment(8L, "grace@example.org", List.of("sh", "-c", "echo \"$LABLINK_USER_EMAIL\" > next.txt; exec sleep 60"),
                null, null, "r2", null, Map.of(), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(work.resolve("next.txt")));
        assertThat(Files.readString(work.resolve("next.txt")).trim()).isEqualTo("grace@example.org");
        assertThat(session.isRunning()).isTrue();
        session.stop();
        assertThat(session.isRunning()).isFalse();
    }

    @Test
    void aCommandTheImageLacksIsAFailedReason() throws Exception {
        startSessionContainer();
        PodSession session = session();

        assertThatThrownBy(() -> session.start(new Assignment(7L, "ada@example.org", List.of("no-such-program-here"), null, null, "r1")))
                .hasMessageContaining("ended at once with status 127").hasMessageContaining("kubectl logs seat-1 -c session");
        assertThat(session.isRunning()).isFalse();
    }

    @Test
    void anEmptyCommandSaysThatThePodNeedsOne() throws Exception {
        startSessionContainer();

        assertThatThrownBy(() -> session().start(new Assignment(7L, "ada@example.org", List.of(), null, null, "r1")))
                .hasMessageContaining("give session.command");
    }

    @Test
    void theProviderAsksForThePodRuntimeByEnvironment() {
        assertThat(PodSession.isWanted(Map.of(PodSession.RUNTIME_VARIABLE, "pod"))).isTrue();
        assertThat(PodSession.isWanted(Map.of())).isFalse();
    }
}
