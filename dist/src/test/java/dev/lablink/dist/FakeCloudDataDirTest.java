package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dev fake-cloud's agents live where the user's LabLink data lives, which under sudo or in a container is LABLINK_DATA_DIR, not the JVM's home. */
class FakeCloudDataDirTest {
    @Test
    void labLinkDataDirFromTheEnvironmentIsWhereTheAgentsRun() {
        assertThat(FakeCloudCommand.defaultDataDir(Map.of("LABLINK_DATA_DIR", "/srv/lablink"))).isEqualTo(Path.of("/srv/lablink/fake-cloud"));
    }

    @Test
    void withoutItTheHomeDirectoryIsUsed() {
        assertThat(FakeCloudCommand.defaultDataDir(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".lablink", "fake-cloud"));
    }
}
