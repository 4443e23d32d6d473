package dev.lablink.server;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ServerSettings;
import java.nio.file.Path;
import java.util.Map;

/** A test's config written as a user writes {@code lablink.yaml}, read by the real loader and validator. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /**
     * {@code yaml} on top of the test defaults: {@code dataDir}, the test admin password, and port 0 (a free one, which
     * only tests may ask for, so it is set after validation). The test JVM's own {@code LABLINK_*} variables are not read.
     */
    public static LabLinkConfig config(Path dataDir, String yaml) {
        String text = "data_dir: \"" + dataDir + "\"\n"
                + "app: {admin_password: " + TestAllocator.ADMIN_PASSWORD + "}\n"
                + yaml;
        return new ConfigLoader().load(text, "test config", Map.of()).withServer(new ServerSettings(0, null));
    }
}
