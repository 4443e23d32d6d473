package dev.lablink.server.gpu;

import java.util.List;

/**
 * One sampling of a machine's GPUs as its agent reports it: {@code status} is {@code ok},
 * {@code no_gpu} (no nvidia-smi: a CPU machine) or {@code error} with nvidia-smi's words.
 * Values nvidia-smi could not give are null.
 */
public record GpuReading(String status, String error, List<Gpu> gpus) {

    public record Gpu(Integer index, String name, String uuid, Double utilizationGpu, Double utilizationMemory,
                      Double memoryUsedMib, Double memoryTotalMib, Double temperatureC, Double powerW,
                      Long eccUncorrected, Long throttleReasons) {
    }

    public List<Gpu> gpusOrNone() {
        return gpus == null ? List.of() : gpus;
    }
}
