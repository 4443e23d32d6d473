package dev.lablink.server.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges one reading. UNHEALTHY: nvidia-smi failed, a GPU has uncorrected ECC errors, or fewer
 * GPUs answer than before (a GPU was lost). DEGRADED: thermal or hardware throttling, or a GPU
 * above the temperature limit. The reasons name the GPU and the fact.
 */
public final class GpuHealthRules {
    /** NVML's clock-event reasons that mean the GPU is slowed by heat or by its hardware. */
    static final long HW_SLOWDOWN = 0x08;
    static final long SW_THERMAL_SLOWDOWN = 0x20;
    static final long HW_THERMAL_SLOWDOWN = 0x40;
    static final long HW_POWER_BRAKE_SLOWDOWN = 0x80;

    private final int temperatureLimitC;

    public GpuHealthRules(int temperatureLimitC) {
        this.temperatureLimitC = temperatureLimitC;
    }

    /** @param previousCount how many GPUs the machine reported before, or null the first time */
    public GpuHealth.Verdict judge(GpuReading reading, Integer previousCount) {
        if ("no_gpu".equals(reading.status())) {
            return new GpuHealth.Verdict(GpuHealth.NO_GPU, "no GPU (no nvidia-smi on the machine)");
        }
        if (!"ok".equals(reading.status())) {
            String error = reading.error() == null ? "no message" : reading.error();
            String lost = error.toLowerCase().contains("gpu is lost") ? "GPU lost: " : "";
            return new GpuHealth.Verdict(GpuHealth.UNHEALTHY, lost + "nvidia-smi failed: " + error);
        }
        List<GpuReading.Gpu> gpus = reading.gpusOrNone();
        List<String> unhealthy = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (previousCount != null && gpus.size() < previousCount) {
            unhealthy.add("GPU lost: " + gpus.size() + " of " + previousCount + " GPUs answer");
        }
        for (GpuReading.Gpu gpu : gpus) {
            String name = "GPU " + gpu.index();
            if (gpu.eccUncorrected() != null && gpu.eccUncorrected() > 0) {
                unhealthy.add(name + ": " + gpu.eccUncorrected() + " uncorrected ECC errors");
            }
            long reasons = gpu.throttleReasons() == null ? 0 : gpu.throttleReasons();
            if ((reasons & (SW_THERMAL_SLOWDOWN | HW_THERMAL_SLOWDOWN)) != 0) {
                degraded.add(name + ": thermal throttling");
            } else if ((reasons & (HW_SLOWDOWN | HW_POWER_BRAKE_SLOWDOWN)) != 0) {
                degraded.add(name + ": hardware slowdown");
            }
            if (gpu.temperatureC() != null && gpu.temperatureC() >= temperatureLimitC) {
                degraded.add(name + ": " + Math.round(gpu.temperatureC()) + " °C (limit " + temperatureLimitC + " °C)");
            }
        }
        if (!unhealthy.isEmpty()) {
            return new GpuHealth.Verdict(GpuHealth.UNHEALTHY, String.join("; ", unhealthy));
        }
        if (!degraded.isEmpty()) {
            return new GpuHealth.Verdict(GpuHealth.DEGRADED, String.join("; ", degraded));
        }
        return new GpuHealth.Verdict(GpuHealth.HEALTHY, gpus.size() + (gpus.size() == 1 ? " GPU" : " GPUs") + " healthy");
    }
}
