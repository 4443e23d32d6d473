package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's GPU reading against a fake nvidia-smi that prints each case's output (see resources/nvidia-smi). */
class NvidiaSmiTest {
    @TempDir
    Path dir;

    /** A script that prints the fixture and exits as nvidia-smi would; it also checks the query it was given. */
    private String fake(String fixture, int exit) throws IOException {
        Path output = dir.resolve(fixture);
        try (InputStream in = getClass().getResourceAsStream("/nvidia-smi/" + fixture)) {
            Files.copy(in, output);
        }
        Path script = dir.resolve("nvidia-smi-" + fixture + ".sh");
        Files.writeString(script, """
                #!/bin/sh
                [ "$1" = "--query-gpu=%s" ] || { echo "unexpected query: $1"; exit 2; }
                [ "$2" = "--format=csv,noheader,nounits" ] || { echo "unexpected format: $2"; exit 2; }
                cat '%s'
                exit %d
                """.formatted(String.join(",", NvidiaSmi.FIELDS), output, exit));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    @Test
    void aHealthyH100IsReadWithEveryField() throws Exception {
        NvidiaSmi.Reading reading = new NvidiaSmi(fake("healthy-h100.txt", 0)).read();

        assertThat(reading.status()).isEqualTo("ok");
        Map<String, Object> gpu = reading.gpus().getFirst();
        assertThat(gpu).containsEntry("index", 0L).containsEntry("name", "NVIDIA H100 80GB HBM3")
                .containsEntry("uuid", "GPU-9f1c3b52-6d0a-4e8f-b7a1-2c5d8e0f4a13")
                .containsEntry("memory_total_mib", 81559L).containsEntry("temperature_c", 31L)
                .containsEntry("power_w", 69.85).containsEntry("ecc_uncorrected", 0L).containsEntry("throttle_reasons", 1L);
    }

    @Test
    void twoGpusWithThermalThrottlingAreTwoEntriesWithTheirMask() throws Exception {
        NvidiaSmi.Reading reading = new NvidiaSmi(fake("thermal-throttling-2x-a100.txt", 0)).read();

        assertThat(reading.gpus()).hasSize(2);
        assertThat(reading.gpus().get(0)).containsEntry("throttle_reasons", 0x60L).containsEntry("temperature_c", 89L);
        assertThat(reading.gpus().get(1)).containsEntry("index", 1L).containsEntry("throttle_reasons", 0L);
    }

    @Test
    void uncorrectedEccErrorsAndMissingValuesAreKeptApart() throws Exception {
        assertThat(new NvidiaSmi(fake("ecc-errors-v100.txt", 0)).read().gpus().getFirst()).containsEntry("ecc_uncorrected", 3L);
        assertThat(new NvidiaSmi(fake("no-ecc-rtx3090.txt", 0)).read().gpus().getFirst()).containsEntry("ecc_uncorrected", null);
    }

    @Test
    void aFailingNvidiaSmiIsAnErrorWithItsMessageAndExitCode() throws Exception {
        NvidiaSmi.Reading driver = new NvidiaSmi(fake("driver-failure.txt", 9)).read();
        NvidiaSmi.Reading lost = new NvidiaSmi(fake("gpu-lost.txt", 15)).read();

        assertThat(driver.status()).isEqualTo("error");
        assertThat(driver.error()).startsWith("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver").endsWith("(exit 9)");
        assertThat(lost.error()).contains("GPU is lost").endsWith("(exit 15)");
    }

    @Test
    void noNvidiaSmiMeansNoGpuNotAnError() throws Exception {
        NvidiaSmi.Reading reading = new NvidiaSmi(dir.resolve("not-installed").toString()).read();

        assertThat(reading.status()).isEqualTo("no_gpu");
        assertThat(reading.gpus()).isEmpty();
    }
}
