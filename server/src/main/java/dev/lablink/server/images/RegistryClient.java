package dev.lablink.server.images;

import dev.lablink.core.config.RegistrySettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One registry spoken to as the OCI distribution spec says: {@code /v2/} (ping), the catalog and
 * each repository's tags (both paged with {@code ?n=} and the {@code Link} header), and a tag's
 * manifest. A 401 is answered as registries ask: a {@code Bearer} challenge by getting a token from
 * its realm (with the username and password, as Basic), a {@code Basic} one with the username and
 * password; a configured {@code token} is sent as the bearer itself. Tokens are kept per scope for
 * this client's life (one rescan). Every failure is a {@link RegistryException} naming the registry.
 */
final class RegistryClient {
    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int PAGE_SIZE = 100;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegistrySettings registry;
    private final String key;
    private final HttpClient http;
    private final URI base;
    private final int pageSize;
    private final Map<String, String> bearerTokens = new ConcurrentHashMap<>();
    private volatile boolean basicAsked;

    /** {@code key} is where the registry is in the config ({@code registries[0]}), for messages about its credentials. */
    RegistryClient(RegistrySettings registry, String key, HttpClient http) {
        this(registry, key, http, PAGE_SIZE);
    }

    /** With {@code pageSize} entries asked for per page of the catalog and of each tag list. */
    RegistryClient(RegistrySettings registry, String key, HttpClient http, int pageSize) {
        this.registry = registry;
        this.pageSize = pageSize;
        this.key = key;
        this.http = http;
        String url = registry.url().endsWith("/") ? registry.url().substring(0, registry.url().length() - 1) : registry.url();
        this.base = URI.create(url + "/");
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@code GET /v2/}: the registry answers and takes our credentials. */
    void ping() {
        HttpResponse<byte[]> response = get(base.resolve("v2/"), "application/json", null);
        if (response.statusCode() != 200) {
            throw unexpected("GET /v2/", response);
        }
    }

    /** Every repository the catalog lists, page by page. */
    List<String> repositories() {
        List<String> names = new ArrayList<>();
        URI next = base.resolve("v2/_catalog?n=" + pageSize);
        while (next != null) {
            HttpResponse<byte[]> response = get(next, "application/json", "registry:catalog:*");
            if (response.statusCode() == 404) {
                throw new RegistryException(named() + " does not list its repositories (GET /v2/_catalog answered 404); "
                        + "the image catalog can only rescan registries that offer the catalog API");
            }
            if (response.statusCode() != 200) {
                throw unexpected("GET /v2/_catalog", response);
            }
            json(response, "/v2/_catalog").path("repositories").forEach(name -> names.add(name.asString()));
            next = nextPage(response);
        }
        return names;
    }

    /** The repository's tags, page by page; a repository the catalog listed but that has no tags gives none. */
    List<String> tags(String repository) {
        List<String> tags = new ArrayList<>();
        URI next = base.resolve("v2/" + repository + "/tags/list?n=" + pageSize);
        while (next != null) {
            HttpResponse<byte[]> response = get(next, "application/json", pullScope(repository));
            if (response.statusCode() == 404) {
                return tags;
            }
            if (response.statusCode() != 200) {
                throw unexpected("GET /v2/" + repository + "/tags/list", response);
            }
            JsonNode list = json(response, "/v2/" + repository + "/tags/list").path("tags");
            list.forEach(tag -> tags.add(tag.asString()));
            next = nextPage(response);
        }
        return tags;
    }

    /** The tag's manifest digest and image size; null when the tag went away since it was listed. */
    ImageManifest manifest(String repository, String tag) {
        String path = "/v2/" + repository + "/manifests/" + tag;
        HttpResponse<byte[]> response = get(base.resolve("v2/" + repository + "/manifests/" + tag), MANIFEST_TYPES, pullScope(repository));
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw unexpected("GET " + path, response);
        }
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(response.body()));
        JsonNode manifest = json(response, path);
        if (manifest.has("manifests")) {
            JsonNode chosen = platformImage(manifest.path("manifests"));
            if (chosen == null) {
                return new ImageManifest(digest, null);
            }
            String imagePath = "/v2/" + repository + "/manifests/" + chosen.path("digest").asString();
            HttpResponse<byte[]> image = get(base.resolve(imagePath.substring(1)), MANIFEST_TYPES, pullScope(repository));
            if (image.statusCode() != 200) {
                throw unexpected("GET " + imagePath, image);
            }
            return new ImageManifest(digest, imageSize(json(image, imagePath)));
        }
        return new ImageManifest(digest, imageSize(manifest));
    }

    /** The index entry a Linux PC pulls: linux/amd64, else the first that is not an attestation. */
    private static JsonNode platformImage(JsonNode entries) {
        JsonNode first = null;
        for (JsonNode entry : entries) {
            JsonNode platform = entry.path("platform");
            if ("linux".equals(platform.path("os").asString(null)) && "amd64".equals(platform.path("architecture").asString(null))) {
                return entry;
            }
            if (first == null && !"unknown".equals(platform.path("os").asString(null))) {
                first = entry;
            }
        }
        return first;
    }

    private static Long imageSize(JsonNode manifest) {
        if (!manifest.has("config") && !manifest.has("layers")) {
            return null;
        }
        long size = manifest.path("config").path("size").asLong(0);
        for (JsonNode layer : manifest.path("layers")) {
            size += layer.path("size").asLong(0);
        }
        return size;
    }

    private static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    private URI nextPage(HttpResponse<?> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return base.resolve(m.group(1));
            }
        }
        return null;
    }

    /** One GET, answering a 401 challenge once; a second 401 means the credentials given are not enough. */
    private HttpResponse<byte[]> get(URI uri, String accept, String scope) {
        HttpResponse<byte[]> response = send(uri, accept, authorization(scope));
        if (response.statusCode() != 401) {
            return response;
        }
        String answer = answer(AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null)), scope);
        response = send(uri, accept, answer);
        if (response.statusCode() == 401) {
            throw refused(uri.getPath());
        }
        return response;
    }

    private String authorization(String scope) {
        if (registry.token() != null) {
            return "Bearer " + registry.token();
        }
        if (basicAsked) {
            return basic();
        }
        return scope == null ? null : bearerTokens.get(scope);
    }

    private String answer(AuthChallenge challenge, String scope) {
        if (registry.token() != null) {
            throw new RegistryException(named() + " refused the token in " + key + ".token; check that it is current and may pull");
        }
        if (challenge.isBasic()) {
            if (registry.username() == null) {
                throw needsLogin();
            }
            if (basicAsked) {
                throw refused(null);
            }
            basicAsked = true;
            return basic();
        }
        if (challenge.isBearer() && challenge.realm() != null) {
            String wanted = challenge.scope() != null ? challenge.scope() : scope;
            String token = "Bearer " + fetchToken(challenge, wanted);
            if (scope != null) {
                bearerTokens.put(scope, token);
            }
            return token;
        }
        throw new RegistryException(named() + " asks for a login LabLink does not speak (WWW-Authenticate: "
                + (challenge.scheme().isEmpty() ? "none" : challenge.scheme()) + "); it answers Bearer (token) and Basic");
    }

    /** The distribution spec's token flow: GET realm?service=…&scope=…, Basic with the username and password when given. */
    private String fetchToken(AuthChallenge challenge, String scope) {
        StringBuilder query = new StringBuilder();
        if (challenge.service() != null) {
            query.append("service=").append(URLEncoder.encode(challenge.service(), StandardCharsets.UTF_8));
        }
        if (scope != null) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI realm;
        try {
            realm = URI.create(challenge.realm() + (query.isEmpty() ? "" : (challenge.realm().contains("?") ? "&" : "?") + query));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(named() + " names a token service that is not a URL: '" + challenge.realm() + "'");
        }
        HttpResponse<byte[]> response = send(realm, "application/json", registry.username() == null ? null : basic());
        String service = "the token service of " + named() + " (" + realm.getScheme() + "://" + realm.getAuthority() + ")";
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            if (registry.username() == null) {
                throw needsLogin();
            }
            throw new RegistryException(service + " refused the username '" + registry.username() + "' and its password (HTTP "
                    + response.statusCode() + "); check " + key + ".username and " + key + ".password");
        }
        if (response.statusCode() != 200) {
            throw new RegistryException(service + " answered HTTP " + response.statusCode() + " instead of a token");
        }
        JsonNode body = json(response, "its token service");
        String token = body.path("token").asString(null);
        if (token == null || token.isEmpty()) {
            token = body.path("access_token").asString(null);
        }
        if (token == null || token.isEmpty()) {
            throw new RegistryException(service + " answered without a token");
        }
        return token;
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
    }

    private RegistryException needsLogin() {
        return new RegistryException(named() + " needs a login: set " + key + ".username and " + key + ".password, or " + key + ".token");
    }

    private RegistryException refused(String path) {
        String what = registry.token() != null ? "the token in " + key + ".token"
                : registry.username() != null ? "the username '" + registry.username() + "' and its password" : "an anonymous client";
        if (registry.token() == null && registry.username() == null) {
            return needsLogin();
        }
        return new RegistryException(named() + " refused " + what + (path == null ? "" : " for " + path)
                + "; check " + key + (registry.token() != null ? ".token" : ".username and " + key + ".password") + " and that the account may pull");
    }

    private HttpResponse<byte[]> send(URI uri, String accept, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(uri, "no connection within 10 s");
        } catch (HttpTimeoutException e) {
            throw unreachable(uri, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable(uri, hasCause(e, UnresolvedAddressException.class) ? "unknown host " + uri.getHost() : "connection refused");
        } catch (SSLException e) {
            throw unreachable(uri, "TLS failed: " + e.getMessage());
        } catch (IOException e) {
            throw unreachable(uri, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("the rescan of " + named() + " was stopped");
        }
    }

    private RegistryException unreachable(URI uri, String why) {
        String host = uri.getScheme() + "://" + uri.getAuthority();
        return new RegistryException(named() + " is unreachable at " + host + ": " + why);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode json(HttpResponse<byte[]> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new RegistryException(named() + " answered " + what + " with something that is not JSON");
        }
    }

    private RegistryException unexpected(String request, HttpResponse<byte[]> response) {
        String detail = "";
        try {
            JsonNode error = JSON.readTree(response.body()).path("errors").path(0);
            if (error.has("message")) {
                detail = ": " + error.path("code").asString("") + " " + error.path("message").asString("");
            }
        } catch (JacksonException ignored) {
            // not the registry's error JSON: the status says enough
        }
        return new RegistryException(named() + " answered HTTP " + response.statusCode() + " to " + request + detail.stripTrailing());
    }

    private String named() {
        return "registry '" + registry.name() + "'";
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
