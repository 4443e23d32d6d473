package dev.lablink.server.images;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on a free loopback port, storing
 * in a folder of the test: the registry labs push their images to. {@link #open} lets anyone pull
 * and push; {@link #withTokenAuth} asks for tokens from a {@link RegistryTokenServer}, as Docker Hub
 * and GHCR do. Missing the package skips the tests unless LABLINK_REQUIRE_BROWSER=1 (CI), where it fails them.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    public final int port;
    private final Process process;

    private LocalRegistry(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY);
        if (!present && "1".equals(System.getenv("LABLINK_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("docker-registry is missing: apt install docker-registry");
        }
        Assumptions.assumeTrue(present, "docker-registry is not installed (apt install docker-registry); the image catalog tests are skipped");
    }

    /** A registry without login. */
    public static LocalRegistry open(Path dir) throws IOException {
        return start(dir, "");
    }

    /** A registry that takes only tokens from {@code tokens} (its realm, service, issuer and signing certificate). */
    public static LocalRegistry withTokenAuth(Path dir, RegistryTokenServer tokens) throws IOException {
        Path bundle = dir.resolve("token-cert.pem");
        Files.writeString(bundle, tokens.certificatePem());
        return start(dir, """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(tokens.realm(), RegistryTokenServer.SERVICE, RegistryTokenServer.ISSUER, bundle));
    }

    /** A registry that asks for HTTP Basic with one account, from an htpasswd file (bcrypt, as docker-registry wants). */
    public static LocalRegistry withBasicAuth(Path dir, String username, String password) throws IOException {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, username + ":" + org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6) + "\n");
        return start(dir, """
                auth:
                  htpasswd:
                    realm: lablink-test
                    path: %s
                """.formatted(htpasswd));
    }

    private static LocalRegistry start(Path dir, String auth) throws IOException {
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                %s""".formatted(storage, port, auth));
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(port, process);
        try (HttpClient http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry ended: " + Files.readString(dir.resolve("registry.log")));
                }
                return http.send(HttpRequest.newBuilder(registry.url().resolve("/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() > 0;
            });
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** host:port, as image references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
