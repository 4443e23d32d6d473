package dev.lablink.provider.local;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.contract.MachineProviderContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract on real local processes (a sleep stands in for the agent). */
class LocalProviderContractTest extends MachineProviderContract {
    @TempDir
    Path dir;

    @Override
    protected MachineProvider newProvider() {
        return new LocalProvider(dir.resolve("machines"), List.of("sleep", "600"));
    }

    @Override
    protected String launchableType() {
        return null;
    }

    /** A file where the machine's working directory should go: the launch cannot create it. */
    @Override
    protected void failNextLaunch() {
        try {
            Files.createDirectories(dir.resolve("machines"));
            Files.writeString(dir.resolve("machines/contract-fail-1"), "in the way");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
