package dev.lablink.server.security.oidc;

import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A browser reduced to what a sign-in needs: it keeps cookies and follows redirects one by one,
 * from the allocator to the provider's authorization endpoint (the mock provider signs in at once)
 * and back to the allocator's callback, so a test can look at every hop.
 */
final class OidcFlow {
    private final TestAllocator allocator;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final List<URI> hops = new ArrayList<>();

    OidcFlow(TestAllocator allocator) {
        this.allocator = allocator;
    }

    /** Follows redirects from {@code path}; {@code beforeCallback} runs just before the allocator's callback is called. */
    HttpResponse<String> follow(String path, Consumer<URI> beforeCallback) {
        URI at = allocator.uri(path);
        for (int i = 0; i < 10; i++) {
            if (at.getPath().startsWith("/login/oauth2/code/")) {
                beforeCallback.accept(at);
            }
            hops.add(at);
            HttpResponse<String> response = get(at);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return response;
            }
            at = at.resolve(location);
        }
        throw new AssertionError("more than 10 redirects: " + hops);
    }

    HttpResponse<String> follow(String path) {
        return follow(path, uri -> { });
    }

    /** Presses the sign-in button and stops at the redirect to the provider, as if the person were still deciding there. */
    URI startOnly(String path) {
        HttpResponse<String> response = get(allocator.uri(path));
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect to the provider: " + response.statusCode() + " " + response.body()));
        return URI.create(location);
    }

    /** A query parameter of {@code uri}, undecoded. */
    static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    HttpResponse<String> get(String path) {
        return get(allocator.uri(path));
    }

    /** The hop to the provider's authorization endpoint. */
    URI authorizationRequest() {
        return hops.stream().filter(uri -> uri.getPath().endsWith("/authorize")).findFirst()
                .orElseThrow(() -> new AssertionError("no authorization request among " + hops));
    }

    private HttpResponse<String> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
