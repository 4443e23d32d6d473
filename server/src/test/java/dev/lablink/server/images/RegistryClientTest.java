package dev.lablink.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lablink.core.config.RegistrySettings;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client against Debian's docker-registry: paging, an index's platform image, Basic logins, a token given as is. */
class RegistryClientTest {
    @TempDir
    static Path dir;
    static LocalRegistry open;
    static LocalRegistry basic;
    static LocalRegistry tokenRegistry;
    static RegistryTokenServer tokens;
    static final HttpClient http = RegistryClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        LocalRegistry.assumeInstalled();
        open = LocalRegistry.open(Files.createDirectories(dir.resolve("open")));
        basic = LocalRegistry.withBasicAuth(Files.createDirectories(dir.resolve("basic")), "grace", "basic-password");
        tokens = new RegistryTokenServer("ada", "right-password");
        tokenRegistry = LocalRegistry.withTokenAuth(Files.createDirectories(dir.resolve("token")), tokens);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{open, basic, tokenRegistry, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next one still closes
            }
        }
    }

    static RegistryClient client(LocalRegistry registry, String username, String password, String token, int pageSize) {
        return new RegistryClient(new RegistrySettings("lab", registry.url().toString(), username, password, token), "registries[0]", http, pageSize);
    }

    @Test
    void theCatalogAndTagListsAreReadPageByPage() throws Exception {
        OciImagePush push = new OciImagePush(open.url());
        for (String repository : List.of("paged/a", "paged/b", "paged/c", "paged/d", "paged/e")) {
            push.push(repository, "1", repository);
        }
        for (String tag : List.of("t1", "t2", "t3", "t4", "t5")) {
            push.push("paged/a", tag, "a " + tag);
        }
        RegistryClient client = client(open, null, null, null, 2);

        assertThat(client.repositories()).contains("paged/a", "paged/b", "paged/c", "paged/d", "paged/e");
        assertThat(client.tags("paged/a")).containsExactlyInAnyOrder("1", "t1", "t2", "t3", "t4", "t5");
        assertThat(client.tags("paged/never-pushed")).isEmpty();
        assertThat(client.manifest("paged/a", "no-such-tag")).isNull();
    }

    @Test
    void aMultiPlatformTagHasTheIndexDigestAndTheSizeOfItsLinuxAmd64Image() throws Exception {
        OciImagePush push = new OciImagePush(open.url());
        OciImagePush.Pushed arm = push.push("multi/tool", "arm64-only", "an arm64 build, somewhat longer than the other");
        OciImagePush.Pushed amd = push.push("multi/tool", "amd64-only", "an amd64 build");
        String index = push.pushIndex("multi/tool", "latest", arm, amd);

        ImageManifest manifest = client(open, null, null, null, 100).manifest("multi/tool", "latest");

        assertThat(manifest.digest()).isEqualTo(index);
        assertThat(manifest.sizeBytes()).isEqualTo(amd.sizeBytes()).isNotEqualTo(arm.sizeBytes());
    }

    @Test
    void aBasicLoginRegistryTakesTheRightPasswordAndNamesTheKeysOfAWrongOne() throws Exception {
        OciImagePush.Pushed pushed = new OciImagePush(basic.url(), repository -> dev.lablink.server.TestAllocator.basic("grace", "basic-password"))
                .push("basic/tool", "v1", "basic");

        RegistryClient right = client(basic, "grace", "basic-password", null, 100);
        right.ping();
        assertThat(right.repositories()).containsExactly("basic/tool");
        assertThat(right.manifest("basic/tool", "v1").digest()).isEqualTo(pushed.digest());

        assertThatThrownBy(() -> client(basic, "grace", "typo", null, 100).ping()).isInstanceOf(RegistryException.class)
                .hasMessage("registry 'lab' refused the username 'grace' and its password for /v2/; check registries[0].username and "
                        + "registries[0].password and that the account may pull");
        assertThatThrownBy(() -> client(basic, null, null, null, 100).repositories()).isInstanceOf(RegistryException.class)
                .hasMessage("registry 'lab' needs a login: set registries[0].username and registries[0].password, or registries[0].token");
    }

    @Test
    void aTokenInTheConfigIsSentAsTheBearerItself() throws Exception {
        new OciImagePush(tokenRegistry.url(), repository -> "Bearer " + tokens.issue("ada", List.of("repository:" + repository + ":pull,push")))
                .push("tokened/tool", "v1", "tokened");
        String granted = tokens.issue("ada", List.of("registry:catalog:*", "repository:tokened/tool:pull"));

        RegistryClient client = client(tokenRegistry, null, null, granted, 100);
        assertThat(client.repositories()).contains("tokened/tool");
        assertThat(client.manifest("tokened/tool", "v1")).isNotNull();

        assertThatThrownBy(() -> client(tokenRegistry, null, null, "not-a-token", 100).repositories()).isInstanceOf(RegistryException.class)
                .hasMessageContaining("registry 'lab' refused the token in registries[0].token").hasMessageNotContaining("not-a-token");
    }

    @Test
    void aRegistryWithoutTheCatalogApiSaysSo() throws Exception {
        HttpServer noCatalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        noCatalog.createContext("/", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/v2/") ? 200 : 404, -1);
            exchange.close();
        });
        noCatalog.start();
        try {
            RegistrySettings settings = new RegistrySettings("hub", "http://127.0.0.1:" + noCatalog.getAddress().getPort(), null, null, null);
            assertThatThrownBy(() -> new RegistryClient(settings, "registries[0]", http).repositories()).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("registry 'hub' does not list its repositories (GET /v2/_catalog answered 404)");
        } finally {
            noCatalog.stop(0);
        }
    }

    @Test
    void anUnknownHostIsUnreachableInWords() {
        RegistrySettings settings = new RegistrySettings("typo", "http://registry.does-not-exist.invalid", null, null, null);
        assertThatThrownBy(() -> new RegistryClient(settings, "registries[0]", http).ping()).isInstanceOf(RegistryException.class)
                .hasMessage("registry 'typo' is unreachable at http://registry.does-not-exist.invalid: unknown host registry.does-not-exist.invalid");
    }
}
