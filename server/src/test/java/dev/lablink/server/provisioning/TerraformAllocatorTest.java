package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provider: terraform} end to end: machines from a module, Terraform's lines in their events, destroy through an apply. */
class TerraformAllocatorTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        boolean installed;
        try {
            installed = new ProcessBuilder("terraform", "version").start().waitFor() == 0;
        } catch (Exception e) {
            installed = false;
        }
        Assumptions.assumeTrue(installed, "no terraform binary on PATH: install Terraform 1.x to run this test");
        Path module = Files.createDirectories(dir.resolve("module"));
        Files.writeString(module.resolve("main.tf"), """
                variable "machines" { type = map(object({ machine_type = string, region = string })) }
                variable "agent_bootstrap" {
                  type      = map(string)
                  sensitive = true
                }
                variable "deployment" { type = string }
                variable "lab" { type = string }
                resource "terraform_data" "machine" {
                  for_each = var.machines
                  input    = { name = each.key, lab = var.lab }
                }
                output "machines" {
                  value = { for name, m in terraform_data.machine : name => { id = m.id, ip = "192.0.2.7" } }
                }
                """);
        LabLinkConfig config = TestConfigs.config(dir.resolve("data"), """
                provider: terraform
                terraform: {module: "%s", variables: {lab: genomics}}
                """.formatted(module));
        allocator = TestAllocator.start(config, dir.resolve("data"));
    }

    @Test
    void machinesComeFromTheModuleWithTerraformsWordsInTheirEventsAndGoWithAnApply() {
        assertThat(allocator.admin("POST", "/api/v1/vms", "{\"count\": 2}").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'BOOTING'")
                .query(Integer.class).single() == 2);
        assertThat(allocator.jdbc.sql("SELECT DISTINCT address FROM machines").query(String.class).list()).containsExactly("192.0.2.7");
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'PROVIDER_NOTE'").query(String.class).list())
                .anySatisfy(line -> assertThat(line).startsWith("terraform: ").contains("Creation complete"));
        Path state = dir.resolve("data/terraform/lablink/terraform.tfstate");
        assertThat(state).exists();

        String name = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id LIMIT 1").query(String.class).single();
        assertThat(allocator.admin("DELETE", "/api/v1/vms/" + name, null).statusCode()).isEqualTo(200);

        assertThat(allocator.jdbc.sql("SELECT state FROM machines WHERE name = :name").param("name", name).query(String.class).single())
                .isEqualTo("TERMINATED");
        assertThat(allocator.admin("POST", "/api/v1/reconcile", "").body()).contains("\"provider\":\"terraform\",\"running\":1,\"lost\":0,\"orphans\":0");
    }
}
