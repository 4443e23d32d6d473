package dev.lablink.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.RawHttp;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors raised before a controller runs (Tomcat, Spring Security's firewall, CSRF, no route) have
 * the shape of their address: problem+json under /api, {"error": …} on the client protocol's routes.
 */
class ErrorShapesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD);
    private final TestAllocator allocator = TestAllocator.shared();

    @Test
    void refusalsByTomcatAndTheFirewallAreProblemJsonUnderTheApi() {
        for (String target : List.of("/api/v1/vms/a%2Fb", "/api/v1/vms/a%00b", "/api/v1/vms/%ff", "/api/v1/vms/a%zzb",
                "/api/v1/vms?x=" + "a".repeat(10_000), "/api/v1/vms/..", "/api/v1/vms;x=1", "/api/v1//vms", "/api/v1/vms/%2e%2e")) {
            RawHttp.Response response = RawHttp.send(allocator.port, "GET", target, ADMIN, null);
            String what = target.length() > 60 ? target.substring(0, 60) : target;
            assertThat(response.status()).as(what).isEqualTo(400);
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("status").asInt()).isEqualTo(400);
            assertThat(body.get("detail").asString()).as(what).isNotBlank().doesNotContain("Exception");
            assertThat(response.body().length()).as(what).isLessThan(1000);
        }
    }

    @Test
    void noSuchRouteAndCsrfRefusalAreProblemJson() {
        HttpResponse<String> missing = allocator.admin("GET", "/api/v1/nosuch", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(missing.body()).get("detail").asString()).contains("/api/v1/docs");

        HttpResponse<String> method = allocator.admin("PUT", "/api/v1/claims", "{}");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> type = allocator.send("POST", "/api/v1/claims", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD), "email=a", "application/json");
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(type.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<String> csrf = allocator.send("POST", "/claim", null, null, "email=a%40example.org", "application/json");
        assertThat(csrf.statusCode()).isEqualTo(403);
        assertThat(csrf.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(csrf.body()).get("detail").asString()).contains("CSRF");
    }

    @Test
    void webPagesKeepTheirHtmlErrorPage() {
        HttpResponse<String> page = allocator.send("GET", "/no-such-page", null, null, null, "text/html");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("There is no page at this address");
        HttpResponse<String> badQuery = allocator.send("GET", "/?q=%00", null, null, null, "text/html");
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.body()).contains("parameter &#39;q&#39; must not contain control characters");
    }

    @Test
    void theClientProtocolsRoutesAnswerInTheirOwnShape() {
        for (RawHttp.Response response : List.of(
                RawHttp.send(allocator.port, "POST", "/api/vm-status", null, "{\"hostname\": 3"),
                RawHttp.send(allocator.port, "POST", "/api/vm-status", null, "{\"hostname\": \"a\\u0000\"}"),
                RawHttp.send(allocator.port, "GET", "/api/vm-status/a%2Fb", null, null),
                RawHttp.send(allocator.port, "GET", "/api/vm-status/x;y=1", null, null),
                RawHttp.send(allocator.port, "GET", "/api/vm-status/x?y=%ff", null, null))) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.contentType()).as(response.body()).startsWith("application/json");
            assertThat(JSON.readTree(response.body()).get("error").asString()).isNotBlank();
        }
    }

    @Test
    void formFieldsThatDoNotDecodeOrHoldNulAreRefusedByName() {
        for (String form : List.of("email=%ff", "email=a%00b%40example.org", "email=%zz")) {
            HttpResponse<String> page = allocator.send("POST", "/claim", null, null, form, "text/html");
            assertThat(page.statusCode()).as(form).isEqualTo(400);
            assertThat(page.body()).as(form).contains("form field &#39;email&#39;");
        }
        HttpResponse<String> launch = allocator.send("POST", "/api/launch", null, ADMIN, "num_vms=%ff", "application/json");
        assertThat(launch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(launch.body()).get("error").asString()).contains("num_vms");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
