package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * lablink ssh, tunnel, ssh-config and port-forward as a user runs them, against a real OpenSSH
 * server that two machines' sessions declare (session.ssh.port); every byte goes through the
 * allocator and the machine's agent tunnel. One allocator and two machines serve the whole class
 * (no per-test reset), to keep its run short.
 */
class LablinkShellTest {
    @TempDir
    static Path dir;
    static OpenSshServer sshd;
    static HttpServer web;
    static TestAllocator allocator;
    static RunningAgent first;
    static RunningAgent second;
    static Path lablink;

    @BeforeAll
    static void start() throws Exception {
        OpenSshServer.assumeInstalled();
        Files.createDirectories(dir.resolve("sshd"));
        sshd = OpenSshServer.start(dir.resolve("sshd"), OpenSshServer.freePort());
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] body = ("hello from the machine's port, you asked for " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        allocator = TestAllocator.start(dir.resolve("data"), """
                session:
                  apps:
                    - {name: web, port: %d}
                  ssh:
                    port: %d
                    authorized_keys: "{work_dir}/authorized_keys"
                """.formatted(web.getAddress().getPort(), sshd.port));
        Files.createDirectories(dir.resolve("bin"));
        lablink = LablinkForTests.launcher(dir.resolve("bin"));
        // two machines whose agents hold their tunnels, for the whole class (the tests change nothing they share)
        first = RunningAgent.onNewMachine(allocator, Files.createTempDirectory(dir, "machine"));
        second = RunningAgent.onNewMachine(allocator, Files.createTempDirectory(dir, "machine"));
        AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(first.machine(allocator).id())
                && tunnels.isConnected(second.machine(allocator).id()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (first != null) {
            first.close();
            second.close();
        }
        if (allocator != null) {
            allocator.reset();
            allocator.stop();
        }
        if (sshd != null) {
            sshd.close();
            web.stop(0);
        }
    }

    @Test
    void lablinkSshRunsACommandOnTheMachineAndOpeningTheTunnelIsAnEvent() throws Exception {
        Result result = lablink(asAdmin(), "ssh", first.machineName, "--", "-i", sshd.clientKey.toString(), "-o", "BatchMode=yes",
                "echo", "hello through the tunnel");

        assertThat(result.out()).as(result.err()).isEqualTo("hello through the tunnel\n");
        assertThat(result.code()).isZero();
        assertThat(allocator.jdbc.sql("SELECT actor || ' ' || message FROM events WHERE type = 'TUNNEL_OPENED' AND machine_id = :id")
                .param("id", first.machine(allocator).id()).query(String.class).list()).contains("admin:admin port " + sshd.port);
        Result known = run(Map.of(), List.of("ssh-keygen", "-F", "lablink-" + first.machineName, "-f", dir.resolve("config/known_hosts").toString()));
        assertThat(known.out()).as("the machine's host key, filed under its own name in LabLink's known_hosts").contains("ssh-ed25519 ");
    }

    @Test
    void scpOfFiftyMegabytesThroughLablinkTunnelArrivesWithTheSameSha256() throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] data = new byte[50 * 1024 * 1024];
        new Random(16).nextBytes(data);
        Files.write(file, data);
        Path copy = dir.resolve("copied.bin");

        Result result = run(asAdmin(), List.of("scp", "-q", "-i", sshd.clientKey.toString(), "-o", "BatchMode=yes",
                "-o", "ProxyCommand=" + lablink + " tunnel " + second.machineName + " " + sshd.port,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                file.toString(), "lablink-" + second.machineName + ":" + copy));

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(data));
    }

    @Test
    void aParticipantsSeatTokenReachesTheirOwnMachineOnly() throws Exception {
        assertThat(allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}").statusCode()).isIn(200, 201);
        Map<String, Object> claim = allocator.jdbc.sql("SELECT c.id, m.name FROM claims c JOIN machines m ON m.id = c.machine_id "
                + "WHERE c.email = 'ada@example.org' AND c.released_at IS NULL").query().singleRow();
        String seat = allocator.context.getBean(SeatTunnelTokens.class).forClaim(((Number) claim.get("id")).longValue()).orElseThrow();
        String own = (String) claim.get("name");
        String other = own.equals(first.machineName) ? second.machineName : first.machineName;
        Map<String, String> ada = Map.of("LABLINK_URL", allocator.uri("/").toString(), "LABLINK_SEAT_TOKEN", seat);

        Result mine = lablink(ada, "ssh", own, "--", "-i", sshd.clientKey.toString(), "-o", "BatchMode=yes", "echo", "mine");
        assertThat(mine.out()).as(mine.err()).isEqualTo("mine\n");

        String[] asAda = {"--url", allocator.uri("/").toString(), "--seat", seat};
        Result theirs = inProcess(asAda, "ssh", other, "--", "-i", sshd.clientKey.toString(), "-o", "BatchMode=yes", "echo", "theirs");
        assertThat(theirs.code()).isEqualTo(1);
        assertThat(theirs.err()).isEqualTo("lablink: no machine named " + other + " that these credentials may reach\n");
        Result tunnel = inProcess(asAda, "tunnel", other, String.valueOf(sshd.port));
        assertThat(tunnel.err()).as("the same words as for a machine that does not exist")
                .isEqualTo("lablink: no machine named " + other + " that these credentials may reach\n");
        assertThat(inProcess(asAda, "tunnel", "no-such-machine", String.valueOf(sshd.port)).err())
                .isEqualTo("lablink: no machine named no-such-machine that these credentials may reach\n");

        assertThat(allocator.send("GET", "/api/v1/ssh", null, "Bearer " + seat).body()).as("what lablink ssh-config --seat lists")
                .isEqualTo("{\"machines\":[{\"machine\":\"" + own + "\",\"port\":" + sshd.port + ",\"user\":null}]}");
        assertThat(allocator.send("GET", "/api/v1/vms", null, "Bearer " + seat).statusCode()).as("a seat token opens nothing else").isEqualTo(403);
        assertThat(allocator.send("GET", "/api/v1/vms/" + other + "/ssh", null, "Bearer " + seat).statusCode()).isEqualTo(404);
        assertThat(allocator.jdbc.sql("SELECT actor FROM events WHERE type = 'TUNNEL_OPENED'").query(String.class).list())
                .contains("participant:ada@example.org");
    }

    @Test
    void aViewerAnUnknownTokenAnUndeclaredPortAndABadPortAreEachRefusedInOneLine() throws Exception {
        HttpResponse<String> viewer = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"vic\",\"role\":\"viewer\"}");
        String viewerPassword = JsonMapper.builder().build().readTree(viewer.body()).path("password").asString();
        String port = String.valueOf(sshd.port);

        String url = allocator.uri("/").toString();
        assertThat(inProcess(new String[] {"--url", url, "--user", "vic", "--password", viewerPassword}, "tunnel", first.machineName, port).err())
                .isEqualTo("lablink: viewer accounts are read only; ask an admin\n");
        assertThat(inProcess(new String[] {"--url", url, "--token", "llk_not-a-token"}, "tunnel", first.machineName, port).err())
                .isEqualTo("lablink: the allocator refused the API token: it is unknown or revoked (check --token and LABLINK_TOKEN)\n");
        assertThat(inProcess(new String[] {"--url", url, "--seat", "lls_not-a-token"}, "tunnel", first.machineName, port).err())
                .isEqualTo("lablink: the allocator refused the seat token: it is unknown or its claim was released (check --seat and LABLINK_SEAT_TOKEN)\n");
        String[] admin = {"--url", url, "--password", TestAllocator.ADMIN_PASSWORD};
        Result undeclared = inProcess(admin, "tunnel", first.machineName, "5432");
        assertThat(undeclared.err()).isEqualTo("lablink: port 5432 is not one the session declared (session.apps, session.ssh.port); refused\n");
        assertThat(undeclared.code()).isEqualTo(1);
        allocator.machine().named("no-agent-yet").state(MachineState.IN_USE).insert(); // in use: no claim lands on it
        assertThat(inProcess(admin, "tunnel", "no-agent-yet", port).err())
                .isEqualTo("lablink: machine no-agent-yet has no tunnel open to the allocator; its agent may still be starting, or the machine is gone\n");
        assertThat(inProcess(admin, "tunnel", first.machineName, "70000").err())
                .isEqualTo("lablink: PORT '70000' is not a port; give a number from 1 to 65535\n");
        assertThat(inProcess(admin, "port-forward", first.machineName, "18080").err())
                .isEqualTo("lablink: '18080' is not LOCAL:REMOTE; give two ports, like 18080:8080\n");
        assertThat(allocator.anonymous("GET", "/api/v1/vms/" + first.machineName + "/tunnel?port=" + port, null).statusCode())
                .as("no credentials").isEqualTo(401);
    }

    @Test
    void portForwardCarriesAnHttpRequestToTheMachinesPort() throws Exception {
        int local = OpenSshServer.freePort();
        int remote = web.getAddress().getPort();
        ProcessBuilder builder = new ProcessBuilder(lablink.toString(), "port-forward", first.machineName, local + ":" + remote)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(asAdmin());
        Process forward = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("Forwarding 127.0.0.1:" + local + " → " + first.machineName + ":" + remote + "; Ctrl-C to stop");

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/notebooks"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).isEqualTo("hello from the machine's port, you asked for /notebooks");
        } finally {
            forward.destroy();
            forward.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sshConfigsHostBlockLetsPlainSshReachTheMachine() throws Exception {
        Result config = lablink(asAdmin(), "ssh-config", first.machineName);
        assertThat(config.out()).contains("Host lablink-" + first.machineName + "\n", "    ProxyCommand ");
        Path file = dir.resolve("ssh_config");
        Files.writeString(file, config.out());

        Result result = run(asAdmin(), List.of("ssh", "-F", file.toString(), "-i", sshd.clientKey.toString(), "-o", "BatchMode=yes",
                "lablink-" + first.machineName, "echo", "via ssh-config"));
        assertThat(result.out()).as(result.err()).isEqualTo("via ssh-config\n");
    }

    private static Map<String, String> asAdmin() {
        return Map.of("LABLINK_URL", allocator.uri("/").toString(), "LABLINK_ADMIN_PASSWORD", TestAllocator.ADMIN_PASSWORD);
    }

    record Result(int code, String out, String err) {
    }

    /** A lablink command in this JVM, for the refusals (no process to start, no ssh). */
    private static Result inProcess(String[] options, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(options));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LablinkForTests.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static Result lablink(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(lablink.toString()));
        command.addAll(List.of(args));
        return run(env, command);
    }

    private static Result run(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("LABLINK_LAUNCHER", lablink.toString());
        environment.put("LABLINK_CONFIG_HOME", dir.resolve("config").toString());
        builder.environment().putAll(environment);
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end");
        }
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
