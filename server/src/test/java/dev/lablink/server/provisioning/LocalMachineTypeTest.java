package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** lablink vm create --type gpu_1x_h100 on the local provider: refused, instead of a local process shown as an H100. */
class LocalMachineTypeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    @Test
    void aTypeTheLocalProviderCannotHonourIsA400NamingTheField() {
        HttpResponse<String> created = allocator.admin("POST", "/api/v1/vms", "{\"count\": 1, \"machine_type\": \"gpu_1x_h100\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(created.body());
        assertThat(created.body()).contains("machine_type");
        assertThat(problem.get("detail").asString()).contains("local provider", "no machine types", "'gpu_1x_h100'", "leave the type out");
        assertThat(JSON.readTree(allocator.admin("GET", "/api/v1/vms", null).body()).get("machines")).isEmpty();
    }
}
