package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lablink tunnel} to a session's echo server, with the allocator killed ({@code kill -9}) in
 * the middle of the stream: the CLI ends by itself with one line, the machine's connection to the
 * port is closed, and once the allocator is started again on the same data dir the agent is back by
 * itself and a new tunnel carries bytes.
 */
class TunnelSurvivesKillIT {
    private static final String PASSWORD = "it-admin-password";
    /** An echo server that logs each connection it accepts and closes, so the test sees the machine's side. */
    private static final String ECHO_SERVER = """
            import socket, sys, threading
            log = open(sys.argv[1], "a", buffering=1)
            server = socket.socket()
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", int(sys.argv[2])))
            server.listen()
            def serve(connection, n):
                try:
                    while data := connection.recv(65536):
                        connection.sendall(data)
                except OSError:
                    pass
                finally:
                    connection.close()
                    log.write("closed %d\\n" % n)
            n = 0
            while True:
                connection, _ = server.accept()
                n += 1
                log.write("accepted %d\\n" % n)
                threading.Thread(target=serve, args=(connection, n), daemon=True).start()
            """;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final LabLinkJar lablink = new LabLinkJar();
    private final List<Process> processes = new ArrayList<>();
    private Map<String, String> admin;
    private Process server;

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null && server.isAlive()) {
            lablink.run(admin, "vm", "destroy", "--all", "--yes");
        }
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aTunnelCutByKillDashNineEndsWithOneLineAndANewOneWorksAfterTheRestart() throws Exception {
        int port = LabLinkJar.freePort();
        int echoPort = LabLinkJar.freePort();
        admin = Map.of("LABLINK_URL", "http://localhost:" + port, "LABLINK_ADMIN_PASSWORD", PASSWORD);
        Path echoLog = work.resolve("echo.log");
        Files.writeString(echoLog, "");
        Path echoServer = work.resolve("echo.py");
        Files.writeString(echoServer, ECHO_SERVER);
        Path config = work.resolve("lablink.yaml");
        Files.writeString(config, """
                app:
                  admin_password: %s
                session:
                  command: [python3, "%s", "%s", "%d"]
                  apps:
                    - {name: echo, port: %d}
                """.formatted(PASSWORD, echoServer, echoLog, echoPort, echoPort));
        server = startServer(config, "first.log");

        LabLinkJar.Result created = lablink.run(admin, "vm", "create", "--count", "1");
        assertThat(created.exitCode()).as(created.out()).isZero();
        LabLinkJar.Result claim = lablink.run(admin, "claim", "--email", "ada@example.org");
        assertThat(claim.exitCode()).as(claim.out()).isZero();
        String machine = claim.out().replaceAll("(?s).*Claimed (\\S+) for.*", "$1");
        String echo = String.valueOf(echoPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(roundTrip(machine, echo, "ready")));

        // a stream in full flow: a line every 20 ms, each echoed back
        Path tunnelErr = work.resolve("tunnel.err");
        Process tunnel = lablink.startPiped(admin, tunnelErr, "tunnel", machine, echo);
        processes.add(tunnel);
        OutputStream toMachine = tunnel.getOutputStream();
        BufferedReader fromMachine = new BufferedReader(new InputStreamReader(tunnel.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; ; i++) {
                    toMachine.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    toMachine.flush();
                    Thread.sleep(20);
                }
            } catch (Exception tunnelEnded) {
                // the tunnel process is gone
            }
        });
        for (int i = 0; i < 20; i++) {
            assertThat(fromMachine.readLine()).isEqualTo("line " + i);
        }

        server.destroyForcibly().waitFor();
        assertThat(tunnel.waitFor(20, TimeUnit.SECONDS)).as("the tunnel ends by itself when the allocator is gone").isTrue();
        assertThat(tunnel.exitValue()).isEqualTo(1);
        String said = Files.readString(tunnelErr).trim();
        assertThat(said.lines()).as(said).hasSize(1);
        assertThat(said).isEqualTo("lablink: the tunnel to " + machine + " port " + echo + " was cut: the connection to the allocator was lost");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String connections = Files.readString(echoLog);
            assertThat(connections.lines().filter(line -> line.startsWith("closed")).count())
                    .as("the machine's side closes its connections to the port:%n%s", connections)
                    .isEqualTo(connections.lines().filter(line -> line.startsWith("accepted")).count());
        });

        server = startServer(config, "second.log");
        // no restart of the agent or the session: the agent opens its tunnel again by itself
        await().atMost(Duration.ofSeconds(60)).until(() -> "after the restart".equals(roundTrip(machine, echo, "after the restart")));
    }

    private Process startServer(Path config, String log) throws Exception {
        Process started = lablink.startServer(dataDir, Integer.parseInt(admin.get("LABLINK_URL").replaceAll(".*:", "")), work.resolve(log),
                "--config", config.toString());
        processes.add(started);
        return started;
    }

    /** One line through a new {@code lablink tunnel}: what came back, or null if the tunnel ended first (refused, or not yet there). */
    private String roundTrip(String machine, String port, String line) throws Exception {
        Process tunnel = lablink.startPiped(admin, work.resolve("round-trip.err"), "tunnel", machine, port);
        try {
            tunnel.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            tunnel.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(tunnel.getInputStream(), StandardCharsets.UTF_8)).readLine();
            tunnel.getOutputStream().close();
            assertThat(tunnel.waitFor(30, TimeUnit.SECONDS)).as("the tunnel ends when its input does").isTrue();
            if (answer != null) {
                assertThat(tunnel.exitValue()).as("a tunnel that ended normally").isZero();
            }
            return answer;
        } catch (java.io.IOException tunnelEnded) {
            return null;
        } finally {
            tunnel.destroyForcibly();
        }
    }
}
