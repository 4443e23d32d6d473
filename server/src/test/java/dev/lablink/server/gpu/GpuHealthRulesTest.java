package dev.lablink.server.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One verdict per nvidia-smi case the agent's tests read (agent/src/test/resources/nvidia-smi). */
class GpuHealthRulesTest {
    private final GpuHealthRules rules = new GpuHealthRules(85);

    private static GpuReading.Gpu gpu(int index, double temperature, Long ecc, long throttle) {
        return new GpuReading.Gpu(index, "NVIDIA A100-SXM4-40GB", "GPU-" + index, 90.0, 50.0, 30000.0, 40960.0, temperature, 300.0, ecc, throttle);
    }

    private static GpuReading ok(GpuReading.Gpu... gpus) {
        return new GpuReading("ok", null, List.of(gpus));
    }

    @Test
    void anIdleH100IsHealthy() {
        GpuHealth.Verdict verdict = rules.judge(ok(gpu(0, 31, 0L, 0x1)), null);

        assertThat(verdict).isEqualTo(new GpuHealth.Verdict(GpuHealth.HEALTHY, "1 GPU healthy"));
    }

    @Test
    void thermalThrottlingIsDegradedAndNamesTheGpu() {
        GpuHealth.Verdict verdict = rules.judge(ok(gpu(0, 89, 0L, 0x60), gpu(1, 71, 0L, 0)), null);

        assertThat(verdict.health()).isEqualTo(GpuHealth.DEGRADED);
        assertThat(verdict.reason()).isEqualTo("GPU 0: thermal throttling; GPU 0: 89 °C (limit 85 °C)");
    }

    @Test
    void aHotGpuWithoutThrottlingIsDegradedToo() {
        assertThat(rules.judge(ok(gpu(0, 86, 0L, 0)), null).reason()).isEqualTo("GPU 0: 86 °C (limit 85 °C)");
        assertThat(rules.judge(ok(gpu(0, 60, 0L, 0x08)), null).reason()).isEqualTo("GPU 0: hardware slowdown");
    }

    @Test
    void uncorrectedEccErrorsAreUnhealthyAndAGpuWithoutEccIsNot() {
        assertThat(rules.judge(ok(gpu(0, 44, 3L, 0)), null))
                .isEqualTo(new GpuHealth.Verdict(GpuHealth.UNHEALTHY, "GPU 0: 3 uncorrected ECC errors"));
        assertThat(rules.judge(ok(gpu(0, 48, null, 0)), null).health()).isEqualTo(GpuHealth.HEALTHY);
    }

    @Test
    void aFailingNvidiaSmiIsUnhealthyWithItsWords() {
        GpuHealth.Verdict driver = rules.judge(new GpuReading("error", "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. (exit 9)", null), 1);
        GpuHealth.Verdict lost = rules.judge(new GpuReading("error", "Unable to determine the device handle for GPU0000:00:1E.0: GPU is lost. (exit 15)", null), 1);

        assertThat(driver.health()).isEqualTo(GpuHealth.UNHEALTHY);
        assertThat(driver.reason()).startsWith("nvidia-smi failed: NVIDIA-SMI has failed");
        assertThat(lost.reason()).startsWith("GPU lost: nvidia-smi failed:");
    }

    @Test
    void fewerGpusThanBeforeMeansOneWasLost() {
        GpuHealth.Verdict verdict = rules.judge(ok(gpu(0, 40, 0L, 0)), 2);

        assertThat(verdict).isEqualTo(new GpuHealth.Verdict(GpuHealth.UNHEALTHY, "GPU lost: 1 of 2 GPUs answer"));
    }

    @Test
    void noNvidiaSmiIsNoGpu() {
        assertThat(rules.judge(new GpuReading("no_gpu", null, List.of()), null).health()).isEqualTo(GpuHealth.NO_GPU);
    }
}
