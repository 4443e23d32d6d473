package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through "Jupyter and a shell on the embedded default", with its own
 * lablink.yaml (read from the README, on free ports instead of 8888 and 2222): a participant claims
 * in a cookie-keeping client, the Jupyter button goes live and /m/&lt;machine&gt;/jupyter/ serves
 * Jupyter; they paste a public key and the seat page's {@code lablink ssh} command runs
 * {@code echo hello}; the admin's {@code lablink ssh} with a key in session.ssh.admin_keys runs too.
 */
class AppsWalkthroughIT {
    private static final String PASSWORD = "it-admin-password";
    private static final Path JUPYTER = Path.of("/usr/bin/jupyter-notebook");
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final LabLinkJar lablink = new LabLinkJar();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Process> servers = new ArrayList<>();
    private Map<String, String> admin;
    private String url;

    @AfterEach
    void stopEverything() throws Exception {
        if (!servers.isEmpty() && servers.getLast().isAlive()) {
            lablink.run(admin, "vm", "destroy", "--all", "--yes");
        }
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The walk-through's lablink.yaml as the README shows it, with what the README says to change as root. */
    static String readmeConfig() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Walk-through: Jupyter and a shell on the embedded default"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(yaml.find()).as("the walk-through's lablink.yaml in README.md").isTrue();
        String config = yaml.group(1);
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(section).contains("As root, add `--allow-root` to the Jupyter line");
            config = config.replace("--NotebookApp.password=", "--NotebookApp.password= --allow-root");
        }
        return config;
    }

    @Test
    void jupyterInTheBrowserAndASeatShellAsTheReadmeWalksThrough() throws Exception {
        assumeTrue(Files.isExecutable(JUPYTER) && Files.isExecutable(SSHD),
                "needs Debian's jupyter-notebook and openssh-server (apt-get install jupyter-notebook openssh-server; .ci/run does it)");
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // as the README says for root
        }
        Path participantKey = sshKey("ada");
        Path adminKey = sshKey("admin");
        int jupyterPort = LabLinkJar.freePort();
        int sshPort = LabLinkJar.freePort();
        String config = "app:\n  admin_password: " + PASSWORD + "\n"
                + readmeConfig().replace("8888", String.valueOf(jupyterPort)).replace("2222", String.valueOf(sshPort))
                + "    admin_keys: [\"" + Files.readString(adminKey.resolveSibling(adminKey.getFileName() + ".pub")).trim() + "\"]\n";
        Path configFile = work.resolve("lablink.yaml");
        Files.writeString(configFile, config);

        int port = LabLinkJar.freePort();
        url = "http://localhost:" + port;
        servers.add(lablink.startServer(dataDir, port, work.resolve("server.log"), "--config", configFile.toString()));
        // LabLink's own known_hosts and credentials in the test's folder, not the user's
        admin = Map.of("LABLINK_URL", url, "LABLINK_ADMIN_PASSWORD", PASSWORD, "LABLINK_CONFIG_HOME", work.resolve("admin-config").toString());
        LabLinkJar.Result created = lablink.run(admin, "vm", "create", "--count", "1");
        assertThat(created.exitCode()).as(created.out()).isZero();

        // 1. claim a seat on the request page; the Jupyter button turns live, Jupyter answers at /m/
        HttpResponse<String> seat = post(url + "/claim", csrfOf(get(url + "/").body()), "email", "ada@example.org");
        String seatUrl = seat.uri().toString();
        assertThat(seatUrl).contains("/seat/");
        String machine = firstGroup("<strong class=\"machine-name\">([^<]+)</strong>", seat.body());
        String jupyterButton = "<a class=\"button app\" href=\"/m/" + machine + "/jupyter/\"";
        await().atMost(Duration.ofSeconds(90)).until(() -> get(seatUrl).body().contains(jupyterButton));
        HttpResponse<String> jupyter = get(url + "/m/" + machine + "/jupyter/");
        assertThat(jupyter.statusCode()).isEqualTo(200);
        assertThat(jupyter.uri().getPath()).isEqualTo("/m/" + machine + "/jupyter/tree");
        assertThat(jupyter.body()).contains("<title>Home Page - Select or create a notebook</title>");

        // 2. paste a public key; the page's command gives a shell
        String page = get(seatUrl).body();
        post(seatUrl + "/ssh-key", csrfOf(page), "ssh_public_key",
                Files.readString(participantKey.resolveSibling(participantKey.getFileName() + ".pub")).trim());
        String command = firstGroup("<code id=\"ssh-command\">([^<]+)</code>", get(seatUrl).body());
        assertThat(command).startsWith("lablink ssh --url " + url + " --seat lls_").endsWith(" " + machine);
        List<String> args = new ArrayList<>(List.of(command.substring("lablink ".length()).split(" ")));
        // the participant's key (ssh would find it in ~/.ssh; the test's own is elsewhere); never prompt
        args.addAll(List.of("--", "-i", participantKey.toString(), "-o", "BatchMode=yes", "echo", "hello"));
        Map<String, String> participant = Map.of("LABLINK_CONFIG_HOME", work.resolve("ada-config").toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> lablink.run(participant, args.toArray(String[]::new)).out().contains("hello"));
        LabLinkJar.Result hello = lablink.run(participant, args.toArray(String[]::new));
        assertThat(hello.exitCode()).as(hello.out()).isZero();
        assertThat(hello.out().lines().filter(line -> !line.startsWith("Warning: Permanently added"))).containsExactly("hello");

        // as admin, with the key in session.ssh.admin_keys
        LabLinkJar.Result hi = lablink.run(admin, "ssh", machine, "--", "-i", adminKey.toString(), "-o", "BatchMode=yes", "echo", "hi");
        assertThat(hi.exitCode()).as(hi.out()).isZero();
        assertThat(hi.out()).contains("hi");
    }

    private Path sshKey(String name) throws Exception {
        Path key = work.resolve(name + "_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@laptop", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).as(new String(keygen.getInputStream().readAllBytes())).isZero();
        return key;
    }

    private HttpResponse<String> get(String address) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String address, String csrf, String field, String value) throws Exception {
        String form = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&" + field + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String csrfOf(String html) {
        return firstGroup("name=\"_csrf\" value=\"([^\"]+)\"", html);
    }

    private static String firstGroup(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in%n%s", regex, text).isTrue();
        return matcher.group(1);
    }
}
