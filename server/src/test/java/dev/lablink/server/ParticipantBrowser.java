package dev.lablink.server;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One participant's browser over plain HTTP: its own cookie jar (the session that owns a seat, the
 * CSRF cookie), forms posted with the page's CSRF token, redirects not followed (so a test sees them).
 */
public final class ParticipantBrowser {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final TestAllocator allocator;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ParticipantBrowser(TestAllocator allocator) {
        this.allocator = allocator;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET());
    }

    /** Posts {@code fields} to {@code path} with the CSRF token of the request page, as the page's form would. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", csrfToken());
        return postRaw(path, form);
    }

    /** Posts exactly {@code fields} (no CSRF token added). */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The request page's claim: {@code POST /claim} with this email. */
    public HttpResponse<String> claim(String email) {
        return post("/claim", Map.of("email", email));
    }

    /** Claims and follows the redirect to the seat page; the seat page's path. */
    public String claimSeat(String email) {
        HttpResponse<String> claimed = claim(email);
        if (claimed.statusCode() != 302) {
            throw new AssertionError("claim of " + email + " answered " + claimed.statusCode() + ": " + claimed.body());
        }
        return location(claimed);
    }

    /** The path a redirect leads to. */
    public static String location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath();
    }

    public String csrfToken() {
        return csrfTokenIn(get("/").body());
    }

    public static String csrfTokenIn(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token on the page: " + page);
        }
        return matcher.group(1);
    }

    private URI uri(String path) {
        return path.startsWith("http") ? URI.create(path) : allocator.uri(path);
    }

    /** This browser's client, for requests of other kinds (a WebSocket with its cookies). */
    public HttpClient client() {
        return http;
    }

    /** The value of the cookie {@code name} this browser holds for {@code path}, if any. */
    public java.util.Optional<String> cookie(String path, String name) {
        return cookies.getCookieStore().get(uri(path)).stream().filter(c -> c.getName().equals(name)).map(java.net.HttpCookie::getValue).findFirst();
    }

    public HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
