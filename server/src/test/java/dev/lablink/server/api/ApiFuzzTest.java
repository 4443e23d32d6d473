package dev.lablink.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.RawHttp;
import dev.lablink.server.TestAllocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks every operation of /api/v1/openapi.json with bad input: undecodable or NUL query values,
 * bad path segments, long values, an unknown provider, bodies of the wrong shape or type, NUL in
 * strings. None may answer 5xx, name a Java class, echo the whole input, or answer in another
 * shape than problem+json (or {"error": …} on the client protocol's routes).
 */
class ApiFuzzTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COMPAT_TOKEN = "compat-token-for-fuzzing-0123456789";
    private static final Pattern INTERNALS = Pattern.compile("dev\\.lablink|java\\.|jakarta\\.|tools\\.jackson|\\$Body|Exception|\\tat ");
    private static final String LONG = "x".repeat(5_000);
    private static final List<String> BAD_QUERY_VALUES = List.of("%ff", "%00", "%zz", "%", "a%0Ab", LONG, "x".repeat(10_000), "abc",
            "99999999999999999999999", "");
    private static final List<String> BAD_PATH_SEGMENTS = List.of("%ff", "%00", "%2F", "..", "a;b=1", "%2e%2e", "x".repeat(3_000), "a%zzb");
    private static final List<String> BAD_BODIES = List.of("null", "[1]", "3", "\"text\"", "true", "{", "{}", "{\"no_such_field\": 1}",
            "{\"a\": \"\\u0000\"}", "[{}]");
    @TempDir
    static Path dataDir;
    private static String machineToken;
    private static String machineName;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                connect: {method: crd}
                compat: {enabled: true, token: %s}
                """.formatted(COMPAT_TOKEN));
    }

    private record Call(String method, String target, String authorization, String body) {
    }

    @Test
    void noBadInputGetsA5xxAJavaNameOrAnotherShape() {
        machineToken = allocator.insertReadyMachines(1).getFirst();
        machineName = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        JsonNode doc = JSON.readTree(allocator.anonymous("GET", "/api/v1/openapi.json", null).body());
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                calls.addAll(calls(doc, op.getKey().toUpperCase(), path.getKey(), op.getValue()));
            }
        }
        calls.add(new Call("GET", "/api/v1/capacity?provider=abc", admin(), null));
        calls.add(new Call("POST", "/api/v1/claims", admin(), "{\"email\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
        assertThat(calls).hasSizeGreaterThan(500);

        SoftAssertions softly = new SoftAssertions();
        for (Call call : calls) {
            RawHttp.Response response = RawHttp.send(allocator.port, call.method(), call.target(), call.authorization(), call.body());
            String what = call.method() + " " + cut(call.target()) + (call.body() == null ? "" : " " + cut(call.body()));
            softly.assertThat(response.status()).as(what + " → " + cut(response.body())).isLessThan(500);
            softly.assertThat(response.body()).as(what).doesNotContainPattern(INTERNALS);
            if (response.status() >= 400) {
                softly.assertThat(response.body().length()).as(what + " echoes its input").isLessThan(2_000);
                if (call.target().length() > 8_000) {
                    // over Tomcat's 8 kB request line it cannot tell the route, so either JSON shape will do
                    softly.assertThat(response.contentType()).as(what).matches("application/(problem\\+)?json.*");
                } else if (isClientProtocol(call.target())) {
                    softly.assertThat(response.contentType()).as(what).startsWith("application/json");
                    softly.assertThat(response.body()).as(what).startsWith("{\"error\":");
                } else {
                    softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
        softly.assertAll();
    }

    private static boolean isClientProtocol(String target) {
        return !target.startsWith("/api/v1/") && !target.startsWith("/api/v1?");
    }

    private static List<Call> calls(JsonNode doc, String method, String path, JsonNode op) {
        String auth = authorization(op);
        // GETs name a machine that exists, so they get past the lookup; the rest name none, so nothing is destroyed
        String name = method.equals("GET") && path.startsWith("/api/v1/") ? machineName : "no-such-machine";
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        op.path("parameters").forEach(p -> (p.get("in").asString().equals("path") ? pathParams : p.get("in").asString().equals("query")
                ? queryParams : new ArrayList<String>()).add(p.get("name").asString()));
        String plain = path;
        for (String p : pathParams) {
            plain = plain.replace("{" + p + "}", name);
        }
        List<Call> calls = new ArrayList<>();
        for (String p : pathParams) {
            for (String bad : BAD_PATH_SEGMENTS) {
                String target = path;
                for (String other : pathParams) {
                    target = target.replace("{" + other + "}", other.equals(p) ? bad : name);
                }
                calls.add(new Call(method, target, auth, null));
            }
        }
        for (String p : queryParams) {
            for (String bad : BAD_QUERY_VALUES) {
                if (bad.isEmpty() && path.equals("/api/v1/agent/assignment")) {
                    continue; // an empty value is a valid one, and a valid long poll waits
                }
                calls.add(new Call(method, plain + "?" + p + "=" + bad, auth, null));
            }
        }
        JsonNode body = op.at("/requestBody/content/application~1json");
        if (!body.isMissingNode()) {
            for (String bad : BAD_BODIES) {
                calls.add(new Call(method, plain, auth, bad));
            }
            for (Map.Entry<String, String> field : fields(doc, body).entrySet()) {
                for (String value : wrongValues(field.getValue())) {
                    calls.add(new Call(method, plain, auth, "{\"" + field.getKey() + "\": " + value + "}"));
                }
            }
        }
        return calls;
    }

    /** Field name → JSON type, from the body's schema or (for free-form bodies) its example. */
    private static Map<String, String> fields(JsonNode doc, JsonNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode schema = body.get("schema");
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            schema = doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
        }
        schema.path("properties").properties().forEach(p -> fields.put(p.getKey(), p.getValue().path("type").asString("object")));
        body.path("example").properties().forEach(p -> fields.putIfAbsent(p.getKey(), p.getValue().isNumber() ? "integer"
                : p.getValue().isBoolean() ? "boolean" : p.getValue().isArray() ? "array" : "string"));
        return fields;
    }

    private static List<String> wrongValues(String type) {
        List<String> values = new ArrayList<>(List.of("\"a\\u0000b\"", "{}", "[[]]", "\"" + LONG + LONG + "\""));
        switch (type) {
            case "integer", "number" -> values.addAll(List.of("\"abc\"", "true", "99999999999999999999999", "1e999"));
            case "boolean" -> values.addAll(List.of("\"maybe\"", "2"));
            case "array" -> values.addAll(List.of("\"text\"", "[null]", "[1]", "[\"a\\u0000\"]"));
            default -> values.addAll(List.of("123", "true", "\"\"", "\"   \""));
        }
        return values;
    }

    private static String authorization(JsonNode op) {
        JsonNode security = op.path("security");
        if (security.isEmpty()) {
            return null;
        }
        JsonNode door = security.get(0);
        if (door.has("admin")) {
            return admin();
        }
        return "Bearer " + (door.has("machine") ? machineToken : COMPAT_TOKEN);
    }

    private static String admin() {
        return TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD);
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
