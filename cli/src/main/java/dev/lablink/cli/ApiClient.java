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

    /** Posts a text body of the given type (a roster CSV) as admin. */
    public JsonNode postText(String path, String contentType, String body) {
        return answer(exchange("POST", path, body, contentType, "application/json", true));
    }

    /** A text answer (a CSV export) as admin; errors come back as for JSON. */
    public String getText(String path, String accept) {
        HttpResponse<String> response = exchange("GET", path, null, null, accept, true);
        if (response.statusCode() >= 400) {
            answer(response);
        }
        return response.body();
    }

    private JsonNode send(String method, String path, String body, boolean asAdmin) {
        return answer(exchange(method, path, body, "application/json", "application/json", asAdmin));
    }

    /** The Authorization header these credentials make: Bearer for a token (llk_… or a seat's lls_…), else Basic. */
    String authorization() {
        if (token != null) {
            return "Bearer " + token;
        }
        if (password == null || password.isEmpty()) {
            throw new CliException("no admin password: set LABLINK_ADMIN_PASSWORD or pass --password "
                    + "(the allocator prints a generated one at its first start), or use an API token with --token or LABLINK_TOKEN");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The 401 line for these credentials. */
    String refusedCredentials() {
        if (token != null && token.startsWith("lls_")) {
            return "the allocator refused the seat token: it is unknown or its claim was released (check --seat and LABLINK_SEAT_TOKEN)";
        }
        return token != null ? "the allocator refused the API token: it is unknown or revoked (check --token and LABLINK_TOKEN)"
                : "the allocator refused the admin credentials (check --user and LABLINK_ADMIN_PASSWORD)";
    }

    private HttpResponse<String> exchange(String method, String path, String body, String contentType, String accept, boolean asAdmin) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("--url '" + baseUrl + "' is not a URL; write it like http://localhost:8080");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(10))
                .header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (asAdmin) {
            request.header("Authorization", authorization());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the allocator at " + baseUrl + "; is `lablink server` running? (set --url or LABLINK_URL)");
        } catch (IOException e) {
            throw new CliException("calling " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private JsonNode answer(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json;
        try {
            json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliException("the allocator answered " + status + " with something that is not JSON");
        }
        if (status == 401) {
            throw new CliException(refusedCredentials());
        }
        if (status >= 400) {
            String detail = json.path("detail").asString("");
            throw new CliException((detail.isEmpty() ? "the allocator answered " + status : withoutFirstError(detail, json)) + listedErrors(json));
        }
        return json;
    }

    /** The detail quotes the first listed error for readers of the detail alone; listed below it, it is cut from the detail. */
    private static String withoutFirstError(String detail, JsonNode problem) {
        JsonNode first = problem.path("errors").path(0);
        String text = "line " + first.path("line").asInt() + ": " + first.path("message").asString("");
        return !first.isMissingNode() && detail.endsWith(text) ? detail.substring(0, detail.length() - text.length()).strip() : detail;
    }

    /** The rows a refused import names (a roster CSV), one per line after the message; empty when there are none. */
    private static String listedErrors(JsonNode problem) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode error : problem.path("errors")) {
            lines.append(System.lineSeparator()).append("  line ").append(error.path("line").asInt()).append(": ")
                    .append(error.path("message").asString(""));
        }
        int more = problem.path("error_count").asInt(0) - problem.path("errors").size();
        if (more > 0) {
            lines.append(System.lineSeparator()).append("  and ").append(more).append(" more");
        }
        return lines.toString();
    }
}
