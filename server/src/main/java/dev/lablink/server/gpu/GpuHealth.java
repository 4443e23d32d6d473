package dev.lablink.server.gpu;

/** How a machine's GPUs are doing, worst GPU first. */
public enum GpuHealth {
    HEALTHY,
    /** Works, but slowed: thermal or hardware throttling, or running hot. */
    DEGRADED,
    /** Not to be trusted with work: nvidia-smi fails, uncorrected ECC errors, a GPU lost. */
    UNHEALTHY,
    NO_GPU;

    /** A judgement with the reason an admin reads. */
    public record Verdict(GpuHealth health, String reason) {
    }
}
