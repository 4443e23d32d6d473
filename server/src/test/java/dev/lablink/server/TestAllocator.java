package dev.lablink.server;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ServerSettings;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.machines.MachineService;
import dev.lablink.server.provisioning.ProvisioningService;
import dev.lablink.server.provisioning.MachineTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One real allocator per test JVM: embedded PostgreSQL in a temporary data dir, the local
 * provider, a random port. Test classes share it and call {@link #reset()} to start clean.
 */
public final class TestAllocator {
    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static TestAllocator shared;

    public final ConfigurableApplicationContext context;
    public final Path dataDir;
    public final int port;
    public final JdbcClient jdbc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestAllocator(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.port = LabLinkServer.port(context);
        this.jdbc = context.getBean(JdbcClient.class);
    }

    public static synchronized TestAllocator shared() {
        if (shared == null) {
            try {
                // Every test class claims from 127.0.0.1: open mode's per-address limit would refuse them (tests of it start their own).
                shared = start(Files.createTempDirectory("lablink-test-"), "participants: {claims_per_minute: 100000}");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    shared.context.getBean(MachineService.class).destroyAll("test-shutdown");
                    shared.context.close();
                }));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    /** An allocator of its own (not the shared one) with the test defaults, for tests that stop and restart it; port 0 picks a free one. */
    public static TestAllocator start(Path dataDir, int port) {
        return start(dataDir, "", port);
    }

    /**
     * An allocator of its own with {@code yaml} on top of the test defaults, written as a user writes
     * {@code lablink.yaml} and read by the real loader and validator, e.g.
     * {@code start(dir, "telemetry: {heartbeat_seconds: 1, missed_heartbeats: 2}")}.
     */
    public static TestAllocator start(Path dataDir, String yaml) {
        return start(dataDir, yaml, 0);
    }

    public static TestAllocator start(Path dataDir, String yaml, int port) {
        LabLinkConfig config = TestConfigs.config(dataDir, yaml);
        return start(config.withServer(new ServerSettings(port, config.server().publicUrl(), config.server().internalUrl())), dataDir);
    }

    public static TestAllocator start(LabLinkConfig config, Path dataDir) {
        return new TestAllocator(LabLinkServer.start(config), dataDir);
    }

    /** Kills a local machine's agent and everything it started, as if the machine died. */
    public void killMachine(String name) throws IOException {
        String pidFile = Files.readString(dataDir.resolve("machines").resolve(name).resolve("agent.pid"));
        ProcessHandle agent = ProcessHandle.of(Long.parseLong(pidFile.trim().split("\\s+")[0])).orElseThrow();
        List<ProcessHandle> tree = new java.util.ArrayList<>(agent.descendants().toList());
        tree.add(agent);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    public void stop() {
        context.close();
    }

    /** Destroys every machine (stopping their processes) and empties the tables. */
    public void reset() {
        context.getBean(MachineService.class).destroyAll("test-reset");
        jdbc.sql("TRUNCATE events, claims, machines, orphans, log_lines, sign_in_links, roster RESTART IDENTITY CASCADE").update();
        // back to the first admin account alone, without tokens or failed logins
        jdbc.sql("DELETE FROM admin_tokens").update();
        jdbc.sql("DELETE FROM admin_accounts WHERE username <> 'admin'").update();
        context.getBean(dev.lablink.server.security.LoginThrottle.class).clear();
    }

    /** A machine row to insert, with no process behind it (see {@link MachineRows}). */
    public MachineRows machine() {
        return new MachineRows(jdbc);
    }

    /** Inserts READY machines without processes, for tests of the claim itself; returns their tokens. */
    public List<String> insertReadyMachines(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> machine().insert()).toList();
    }

    /** Creates real local machines (agent processes) and waits until every one is READY; returns their names. */
    public List<String> createReadyMachines(int count) {
        ProvisioningService.Batch batch = context.getBean(ProvisioningService.class).create(count, null, null, "admin:test");
        List<String> names = batch.machines().stream().map(Machine::name).toList();
        MachineRepository machines = context.getBean(MachineRepository.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> names.stream()
                .allMatch(name -> machines.findByName(name).orElseThrow().state() == MachineState.READY));
        return names;
    }

    public MachineState stateOf(String machine) {
        return context.getBean(MachineRepository.class).findByName(machine).orElseThrow().state();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> send(String method, String path, String json, String authorization) {
        return send(method, path, json, authorization, null, null);
    }

    /** Also sends an HTML form body ({@code a=1&b=2}) and an Accept header when given. */
    public HttpResponse<String> send(String method, String path, String json, String authorization, String form) {
        return send(method, path, json, authorization, form, null);
    }

    public HttpResponse<String> send(String method, String path, String json, String authorization, String form, String accept) {
        String body = json != null ? json : form;
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        if (form != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (accept != null) {
            builder.header("Accept", accept);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> admin(String method, String path, String json) {
        return send(method, path, json, basic("admin", ADMIN_PASSWORD));
    }

    public HttpResponse<String> anonymous(String method, String path, String json) {
        return send(method, path, json, null);
    }

    public HttpResponse<String> agent(String method, String path, String json, String token) {
        return send(method, path, json, "Bearer " + token);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
