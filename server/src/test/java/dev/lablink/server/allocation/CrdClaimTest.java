package dev.lablink.server.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.ConnectSettings;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A deployment with connect.method crd: the pasted command is checked, sealed, and answered with a PIN of the claim's own. */
class CrdClaimTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GOOGLE = "DISPLAY= /opt/google/chrome-remote-desktop/start-host --code=\\\"4/0AeanS0a_B1c-Dx9\\\" "
            + "--redirect-url=\\\"https://remotedesktop.google.com/_/oauthredirect\\\" --name=$(hostname)";
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, new ConnectSettings(ConnectSettings.CRD, null, null));
    }

    private HttpResponse<String> claim(String email, String crdCommandJson) {
        return allocator.anonymous("POST", "/api/v1/claims", "{\"email\":\"" + email + "\"" + (crdCommandJson == null ? "" : ",\"crd_command\":" + crdCommandJson) + "}");
    }

    @Test
    void aClaimKeepsOnlyTheSealedCodeAndAFreshPinThatTheMachineAndTheSeatPageGet() {
        List<String> tokens = allocator.insertReadyMachines(2);
        JsonNode first = JSON.readTree(claim("ada@example.org", "\"" + GOOGLE + "\"").body());
        JsonNode second = JSON.readTree(claim("bob@example.org", "\"start-host --code=4/other\"").body());

        Map<String, Object> stored = allocator.jdbc.sql("SELECT crd_code_sealed, pin_sealed FROM claims WHERE email = 'ada@example.org'")
                .query().singleRow();
        assertThat(stored.values()).allSatisfy(value -> assertThat((String) value).doesNotContain("4/0AeanS0a").hasSizeGreaterThan(20));

        JsonNode assignment = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, tokens.get(0)).body());
        JsonNode other = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, tokens.get(1)).body());
        JsonNode ada = assignment.get("email").asString().equals("ada@example.org") ? assignment : other;
        JsonNode bob = ada == assignment ? other : assignment;
        assertThat(ada.get("crd").get("code").asString()).isEqualTo("4/0AeanS0a_B1c-Dx9");
        String pin = ada.get("crd").get("pin").asString();
        assertThat(pin).matches("\\d{6}").isNotEqualTo(bob.get("crd").get("pin").asString());

        String page = allocator.anonymous("GET", first.get("page").asString(), null).body();
        assertThat(page).contains("PIN: <strong class=\"pin\">" + pin + "</strong>").contains("remotedesktop.google.com/access");
        assertThat(second.get("machine").asString()).isNotEqualTo(first.get("machine").asString());
    }

    @Test
    void aMissingOrDangerousCommandIsA400NamingTheFieldAndClaimsNothing() {
        allocator.insertReadyMachines(1);
        Map<String, String> refusals = Map.of(
                "null", "is required",
                "\"start-host --name=x\"", "has no --code",
                "\"--code=abc; rm -rf /\"", "but it has ';'",
                "\"--code=$(id)\"", "but it has '$'",
                "\"--code=`id`\"", "but it has '`'",
                "\"--code=abc\\nrm -rf /\"", "must be one line",
                "\"--code=a --code=b\"", "has 2 --code values");
        refusals.forEach((command, message) -> {
            HttpResponse<String> response = claim("ada@example.org", command);
            assertThat(response.statusCode()).as(command).isEqualTo(400);
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("field").asString()).isEqualTo("crd_command");
            assertThat(problem.get("detail").asString()).as(command).contains(message);
        });
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
