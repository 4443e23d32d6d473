package dev.lablink.core.placement;

import java.util.Map;
import java.util.Optional;

/**
 * A GPU configuration the tier groups are made of, with the machine type that sells it at each
 * provider that has one. Lambda's names are kdevops'; EC2's and Compute Engine's are the machine
 * types with the same GPUs built in (neither sells a single A6000 or RTX 6000, so those tiers are
 * Lambda-only).
 */
public enum GpuClass {
    GH200("gh200", Map.of("lambda", "gpu_1x_gh200")),
    H100_SXM("h100-sxm", Map.of("lambda", "gpu_1x_h100_sxm5", "aws", "p5.4xlarge", "gce", "a3-highgpu-1g")),
    H100_PCIE("h100-pcie", Map.of("lambda", "gpu_1x_h100_pcie")),
    A100_SXM("a100-sxm", Map.of("lambda", "gpu_1x_a100_sxm4", "gce", "a2-highgpu-1g")),
    A100("a100", Map.of("lambda", "gpu_1x_a100")),
    A6000("a6000", Map.of("lambda", "gpu_1x_a6000")),
    RTX6000("rtx6000", Map.of("lambda", "gpu_1x_rtx6000")),
    A10("a10", Map.of("lambda", "gpu_1x_a10", "aws", "g5.xlarge")),
    B200_8X("8x b200", Map.of("lambda", "gpu_8x_b200_sxm6", "aws", "p6-b200.48xlarge")),
    H100_8X("8x h100", Map.of("lambda", "gpu_8x_h100_sxm5", "aws", "p5.48xlarge", "gce", "a3-highgpu-8g")),
    A100_80GB_8X("8x a100-80", Map.of("lambda", "gpu_8x_a100_80gb_sxm4", "aws", "p4de.24xlarge", "gce", "a2-ultragpu-8g")),
    A100_8X("8x a100", Map.of("lambda", "gpu_8x_a100", "aws", "p4d.24xlarge", "gce", "a2-highgpu-8g")),
    V100_8X("8x v100", Map.of("lambda", "gpu_8x_v100", "aws", "p3.16xlarge"));

    private final String label;
    private final Map<String, String> typeByProvider;

    GpuClass(String label, Map<String, String> typeByProvider) {
        this.label = label;
        this.typeByProvider = typeByProvider;
    }

    public String label() {
        return label;
    }

    /** The machine type that sells this GPU configuration at {@code provider}, if it has one. */
    public Optional<String> machineType(String provider) {
        return Optional.ofNullable(typeByProvider.get(provider));
    }
}
