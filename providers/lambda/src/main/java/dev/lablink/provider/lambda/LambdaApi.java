package dev.lablink.provider.lambda;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda Cloud's v1 REST API: Bearer auth, {@code {"data": …}} answers. Error bodies become
 * exceptions with Lambda's own message, code and suggestion; insufficient capacity and quota
 * become {@link NoCapacityException}. Reads retry on 429 and 5xx with backoff; a launch retries
 * only on 429, because a 5xx may have launched (and billed) the machine.
 */
final class LambdaApi {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final RetryPolicy<HttpResponse<String>> readRetry;
    private final RetryPolicy<HttpResponse<String>> launchRetry;

    LambdaApi(String base, String apiKey, Duration firstBackoff) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.apiKey = apiKey;
        this.readRetry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(response -> response.statusCode() == 429 || response.statusCode() >= 500)
                .withBackoff(firstBackoff, firstBackoff.multipliedBy(20))
                .withMaxRetries(4)
                .build();
        this.launchRetry = RetryPolicy.<HttpResponse<String>>builder()
                .handleResultIf(response -> response.statusCode() == 429)
                .withBackoff(firstBackoff, firstBackoff.multipliedBy(20))
                .withMaxRetries(4)
                .build();
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), readRetry);
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), readRetry);
    }

    JsonNode launch(Object body) {
        return send(HttpRequest.newBuilder(base.resolve("instance-operations/launch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), launchRetry);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), readRetry);
    }

    private JsonNode send(HttpRequest.Builder builder, RetryPolicy<HttpResponse<String>> retry) {
        HttpRequest request = builder.header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<String> response;
        try {
            response = Failsafe.with(retry).get(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProviderException("Lambda Cloud at " + base.getHost() + " did not answer " + request.method() + " "
                    + request.uri().getPath() + ": " + cause.getMessage(), cause);
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ProviderException("Lambda Cloud answered " + request.method() + " " + request.uri().getPath()
                    + " with HTTP " + response.statusCode() + " and a body that is not JSON");
        }
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), body);
        }
        return body.path("data");
    }

    private static ProviderException error(int status, JsonNode body) {
        JsonNode error = body.path("error");
        String code = error.path("code").asString("http-" + status);
        StringBuilder message = new StringBuilder("Lambda Cloud: ").append(error.path("message").asString("HTTP " + status));
        body.path("field_errors").properties().forEach(field ->
                message.append(" (").append(field.getKey()).append(": ").append(field.getValue().path("message").asString()).append(')'));
        if (error.hasNonNull("suggestion")) {
            message.append(" — ").append(error.path("suggestion").asString());
        }
        message.append(" [").append(code).append(']');
        return switch (code) {
            case "instance-operations/launch/insufficient-capacity" -> new NoCapacityException(message.toString(), false);
            case "global/quota-exceeded" -> new NoCapacityException(message.toString(), true);
            default -> new LambdaApiException(status, code, message.toString());
        };
    }
}
