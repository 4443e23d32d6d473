package dev.lablink.server.admins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.TestAllocator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The first account: an upgraded allocator keeps the password its first start printed; a new one prints a fresh one. */
class FirstAdminAccountTest {
    private final TestAllocator allocator = TestAllocator.shared();
    private final JdbcClient jdbc = allocator.jdbc;
    private final PasswordEncoder encoder = allocator.context.getBean(PasswordEncoder.class);
    /** As a user runs it without app.admin_password. */
    private final LabLinkConfig withoutPassword = new ConfigLoader().load("data_dir: \"" + allocator.dataDir + "\"\n", "test config", Map.of());
    private final FirstAdminAccount first = new FirstAdminAccount(allocator.context.getBean(AdminRepository.class), jdbc, encoder, withoutPassword);

    @BeforeEach
    void noAccounts() {
        allocator.reset();
        jdbc.sql("DELETE FROM admin_accounts").update();
    }

    @AfterEach
    void backToTheTestPassword() {
        jdbc.sql("DELETE FROM admin_accounts").update();
        jdbc.sql("DELETE FROM settings WHERE key = 'admin_password_bcrypt'").update();
        allocator.context.getBean(FirstAdminAccount.class).ensure();
    }

    @Test
    void thePasswordAnEarlierVersionGeneratedKeepsWorking() {
        jdbc.sql("INSERT INTO settings (key, value) VALUES ('admin_password_bcrypt', :hash)").param("hash", encoder.encode("printed-long-ago-1")).update();

        assertThat(first.ensure()).as("nothing new to print").isEmpty();

        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("admin", "printed-long-ago-1")).statusCode()).isEqualTo(200);
        assertThat(allocator.send("GET", "/api/v1/admins", null, TestAllocator.basic("admin", "printed-long-ago-1")).body()).contains("\"role\":\"admin\"");
    }

    @Test
    void aFirstStartGeneratesAPasswordOnce() {
        Optional<String> printed = first.ensure();

        assertThat(printed).hasValueSatisfying(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(12));
        assertThat(allocator.send("GET", "/api/v1/vms", null, TestAllocator.basic("admin", printed.orElseThrow())).statusCode()).isEqualTo(200);
        assertThat(first.ensure()).as("the next start prints nothing").isEmpty();
    }

    @Test
    void theConfiguredAccountRemovedByAnotherAdminComesBackAtTheNextStart() {
        allocator.context.getBean(FirstAdminAccount.class).ensure();
        allocator.admin("POST", "/api/v1/admins", "{\"username\":\"bob\",\"role\":\"admin\",\"password\":\"bobs-long-password\"}");
        assertThat(allocator.send("DELETE", "/api/v1/admins/admin", null, TestAllocator.basic("bob", "bobs-long-password")).statusCode()).isEqualTo(204);
        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(401);

        allocator.context.getBean(FirstAdminAccount.class).ensure(); // what a restart with app.admin_password does

        assertThat(allocator.admin("GET", "/api/v1/vms", null).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT role FROM admin_accounts WHERE username = 'admin'").query(String.class).single()).isEqualTo("admin");
    }
}
