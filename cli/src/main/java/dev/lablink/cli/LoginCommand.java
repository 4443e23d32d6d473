package dev.lablink.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code lablink login}: the browser's console login approves, the CLI gets an API token. The CLI
 * listens on 127.0.0.1 at a random port; the console sends a one-time code there; the CLI trades it,
 * with the secret verifier whose SHA-256 it sent first, for a token, and stores it for this URL.
 */
@Command(name = "login", description = "Log the CLI in through the console in your browser; stores an API token for this allocator.",
        mixinStandardHelpOptions = true)
public class LoginCommand implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Mixin
    AllocatorUrl allocator;
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait for the browser (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ApiClient api = new ApiClient(allocator.url, null, null);
        String verifier = random();
        String state = random();
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/callback", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean ours = state.equals(query.get("state")) && query.get("code") != null;
            byte[] page = (ours ? "LabLink: the CLI is logging in; you may close this tab." : "LabLink: this is not the login the CLI started.")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(ours ? 200 : 400, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            if (ours) {
                callback.complete(query);
            }
        });
        listener.start();
        try {
            int port = listener.getAddress().getPort();
            String url = api.baseUrl() + "/admin/cli-login?port=" + port + "&state=" + state + "&challenge=" + challengeOf(verifier);
            var out = spec.commandLine().getOut();
            out.println("Open this address in your browser and allow the CLI:");
            out.println("  " + url);
            out.flush();
            Map<String, String> answer;
            try {
                answer = callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new CliException("no answer from the browser within " + timeout + "; run lablink login again");
            } catch (ExecutionException e) {
                throw new CliException("the login failed: " + e.getCause().getMessage());
            }
            JsonNode token = api.post("/api/v1/cli-login/token", Map.of("code", answer.get("code"), "verifier", verifier), false);
            StoredCredentials.store(api.baseUrl(), token.path("token").asString());
            out.println("Logged in to " + api.baseUrl() + "; the token is stored in " + StoredCredentials.file()
                    + " (lablink logout revokes it)");
            out.flush();
            return 0;
        } finally {
            listener.stop(0);
        }
    }

    static String challengeOf(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
