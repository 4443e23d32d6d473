package dev.lablink.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * People claiming seats: {@code POST /api/v1/claims} with an email, the claim the request page
 * makes, sent with admin credentials (claims through the API are an admin's on a participant's
 * behalf; the page itself binds the seat to a browser session).
 */
final class Participants {
    private Participants() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** @return the response's status code */
    static HttpResponse<String> claim(HttpClient http, AllocatorProcess allocator, String email) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(allocator.url("/api/v1/claims")))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", AllocatorProcess.adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\"}"))
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
