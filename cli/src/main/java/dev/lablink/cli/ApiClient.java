package dev.lablink.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The allocator's REST API as the CLI uses it; errors come back as one readable line. */
public class ApiClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String user;
    private final String password;
    private final String token;

    public ApiClient(String baseUrl, String user, String password) {
        this(baseUrl, user, password, null);
    }

    /** With a {@code token} (llk_…), calls go as {@code Authorization: Bearer} and the user and password are not used. */
    public ApiClient(String baseUrl, String user, String password, String token) {
        this.baseUrl = checkedUrl(baseUrl);
        this.user = user;
        this.password = password;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    /** An http(s) URL with a host, or one line saying how to write it (HttpClient throws on any other scheme). */
    private static String checkedUrl(String url) {
        String trimmed = url == null ? "" : url.trim().replaceFirst("/+$", "");
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw badUrl(url);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw badUrl(url);
        }
        return trimmed;
    }

    private static CliException badUrl(String url) {
        return new CliException("--url '" + url + "' is not an allocator URL; write it with http:// or https://, like http://localhost:8080 (or set LABLINK_URL)");
    }

    /** The allocator's URL as given, without a trailing slash. */
    String baseUrl() {
        return baseUrl;
    }

    /** Pretty-printed JSON, what every {@code --json} flag prints. */
    static String pretty(Object value) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    public JsonNode get(String path) {
        return send("GET", path, null, true);
    }

    public JsonNode post(String path, Object body, boolean asAdmin) {
        return send("POST", path, JSON.writeValueAsString(body), asAdmin);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null, true);
    }

    private JsonNode send(String method, String path, String body, boolean asAdmin) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("--url '" + baseUrl + "' is not a URL; write it like http://localhost:8080");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(10))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (asAdmin && token != null) {
            request.header("Authorization", "Bearer " + token);
        } else if (asAdmin) {
            if (password == null || password.isEmpty()) {
                throw new CliException("no admin password: set LABLINK_ADMIN_PASSWORD or pass --password "
                        + "(the allocator prints a generated one at its first start), or use an API token with --token or LABLINK_TOKEN");
            }
            String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + credentials);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the allocator at " + baseUrl + "; is `lablink server` running? (set --url or LABLINK_URL)");
        } catch (IOException e) {
            throw new CliException("calling " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        return answer(response, token != null);
    }

    private static JsonNode answer(HttpResponse<String> response, boolean withToken) {
        int status = response.statusCode();
        JsonNode json;
        try {
            json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliException("the allocator answered " + status + " with something that is not JSON");
        }
        if (status == 401) {
            throw new CliException(withToken ? "the allocator refused the API token: it is unknown or revoked (check --token and LABLINK_TOKEN)"
                    : "the allocator refused the admin credentials (check --user and LABLINK_ADMIN_PASSWORD)");
        }
        if (status >= 400) {
            String detail = json.path("detail").asString("");
            throw new CliException(detail.isEmpty() ? "the allocator answered " + status : detail);
        }
        return json;
    }
}
