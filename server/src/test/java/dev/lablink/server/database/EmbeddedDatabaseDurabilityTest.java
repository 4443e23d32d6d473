package dev.lablink.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL keeps what it committed through a power cut: the library's test-speed settings are undone. */
class EmbeddedDatabaseDurabilityTest {
    private final TestAllocator allocator = TestAllocator.shared();

    @Test
    void commitsWaitForTheDisk() {
        assertThat(allocator.jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
        assertThat(allocator.jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
    }
}
