package dev.lablink.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document describes the API a client really meets: names, doors, features; a request built from it works. */
class ApiDocumentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    private JsonNode document() {
        HttpResponse<String> response = allocator.anonymous("GET", "/api/v1/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theDocumentHasATitleDoorsTagsAndASummaryForEveryOperation() {
        JsonNode doc = document();
        assertThat(doc.at("/info/title").asString()).isEqualTo("LabLink allocator API");
        assertThat(doc.at("/info/version").asString()).isNotEqualTo("v0");
        assertThat(doc.at("/info/description").asString()).contains("problem+json").contains("snake_case");
        JsonNode schemes = doc.at("/components/securitySchemes");
        assertThat(schemes.at("/admin/scheme").asString()).isEqualTo("basic");
        assertThat(schemes.at("/machine/scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.at("/lablink_client/scheme").asString()).isEqualTo("bearer");
        Set<String> tags = new TreeSet<>();
        doc.get("tags").forEach(tag -> tags.add(tag.get("name").asString()));
        assertThat(tags).contains("Machines", "Agent", "LabLink client protocol").noneMatch(tag -> tag.endsWith("-controller"));

        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String what = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().path("summary").asString()).as(what).isNotBlank();
                assertThat(op.getValue().path("tags").get(0).asString()).as(what).isIn(tags);
                assertThat(op.getValue().has("security")).as(what).isTrue();
                op.getValue().path("parameters").forEach(p -> assertThat(p.path("description").asString())
                        .as(what + " " + p.get("name").asString()).isNotBlank());
                operations++;
            }
        }
        assertThat(operations).isGreaterThan(30);
        assertThat(doc.at("/paths/~1vm_startup/post/tags/0").asString()).isEqualTo("LabLink client protocol");
        assertThat(doc.at("/paths/~1vm_startup/post/security/0").has("lablink_client")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1vms/get/security/0").has("admin")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1agent~1state/post/security/0").has("machine")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1claims/post/security/0").has("admin")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1seats/get/security")).isEmpty();
        assertThat(doc.at("/paths/~1api~1v1~1claims/post/requestBody/content/application~1json/example/email").asString()).isEqualTo("ada@example.org");
    }

    @Test
    void everyFieldIsNamedAsTheApiNamesIt() {
        for (Map.Entry<String, JsonNode> schema : document().at("/components/schemas").properties()) {
            for (String field : schema.getValue().path("properties").propertyNames()) {
                assertThat(field).as(schema.getKey()).matches("[a-z0-9_]+");
            }
        }
    }

    @Test
    void requestsBuiltFromTheDocumentAreAccepted() {
        JsonNode doc = document();
        String token = allocator.insertReadyMachines(1).getFirst();

        // every field of the agent's registration, by the names and types the document gives
        Map<String, Object> registration = new LinkedHashMap<>();
        JsonNode fields = schemaOf(doc, "/api/v1/agent/register").get("properties");
        fields.properties().forEach(field -> registration.put(field.getKey(), sample(field.getValue())));
        assertThat(registration).containsKeys("agent_version", "started_at");
        HttpResponse<String> registered = allocator.agent("POST", "/api/v1/agent/register", JSON.writeValueAsString(registration), token);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(allocator.jdbc.sql("SELECT agent_version FROM machines").query(String.class).single()).isEqualTo("text");

        // a claim: the document's field for the email
        JsonNode claim = schemaOf(doc, "/api/v1/claims").get("properties");
        assertThat(claim.propertyNames()).containsExactlyInAnyOrder("email", "crd_command");
        HttpResponse<String> claimed = allocator.admin("POST", "/api/v1/claims", JSON.writeValueAsString(Map.of("email", "ada@example.org")));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
        JsonNode response = JSON.readTree(claimed.body());
        String responseSchema = doc.at("/paths/~1api~1v1~1claims/post/responses").findValue("$ref").asString();
        for (String field : doc.at("/components/schemas/" + responseSchema.substring(responseSchema.lastIndexOf('/') + 1) + "/properties").propertyNames()) {
            assertThat(response.has(field)).as(field).isTrue();
        }
    }

    private static JsonNode schemaOf(JsonNode doc, String path) {
        String ref = doc.get("paths").get(path).at("/post/requestBody/content/application~1json/schema/$ref").asString();
        return doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static Object sample(JsonNode schema) {
        return switch (schema.path("type").asString()) {
            case "integer" -> 1;
            case "boolean" -> true;
            case "array" -> List.of();
            default -> "date-time".equals(schema.path("format").asString()) ? Instant.now().toString() : "text";
        };
    }
}
