package dev.lablink.server;

import dev.lablink.core.config.AppSettings;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ServerSettings;
import dev.lablink.server.machines.MachineService;
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
                Path dataDir = Files.createTempDirectory("lablink-test-");
                LabLinkConfig config = new LabLinkConfig(null, dataDir.toString(), new ServerSettings(0, null),
                        new AppSettings(null, ADMIN_PASSWORD, null), null, null, null, null);
                shared = new TestAllocator(LabLinkServer.start(config), dataDir);
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

    /** Destroys every machine (stopping their processes) and empties the tables. */
    public void reset() {
        context.getBean(MachineService.class).destroyAll("test-reset");
        jdbc.sql("TRUNCATE events, claims, machines RESTART IDENTITY CASCADE").update();
    }

    /** Inserts READY machines without processes, for tests of the claim itself; returns their tokens. */
    public List<String> insertReadyMachines(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            String token = MachineTokens.newToken();
            jdbc.sql("""
                    INSERT INTO machines (name, provider, state, token_hash, provider_id)
                    VALUES ('seat-' || nextval('machine_number_seq'), 'test', 'READY', :hash, 'none')
                    """).param("hash", MachineTokens.hash(token)).update();
            return token;
        }).toList();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> send(String method, String path, String json, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(90))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
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
