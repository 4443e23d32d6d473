package dev.lablink.core.placement;

import static dev.lablink.core.placement.GpuClass.*;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** kdevops' tier groups: "this GPU or the best one below it that has capacity", highest first. */
public enum GpuTier {
    GH200_OR_LESS(GH200, H100_SXM, H100_PCIE, A100_SXM, A100, A6000, RTX6000, A10),
    H100_OR_LESS(H100_SXM, H100_PCIE, A100_SXM, A100, A6000, RTX6000, A10),
    A100_OR_LESS(A100_SXM, A100, A6000, RTX6000, A10),
    A6000_OR_LESS(A6000, RTX6000, A10),
    _8X_B200_OR_LESS(B200_8X, H100_8X, A100_80GB_8X, A100_8X, V100_8X),
    _8X_H100_OR_LESS(H100_8X, A100_80GB_8X, A100_8X, V100_8X),
    _8X_A100_OR_LESS(A100_80GB_8X, A100_8X, V100_8X);

    private final List<GpuClass> order;

    GpuTier(GpuClass... order) {
        this.order = List.of(order);
    }

    /** The name as written in config: {@code H100_OR_LESS}, {@code 8X_H100_OR_LESS}. */
    public String label() {
        return name().startsWith("_") ? name().substring(1) : name();
    }

    public List<GpuClass> order() {
        return order;
    }

    public static Optional<GpuTier> byLabel(String label) {
        return Arrays.stream(values()).filter(tier -> tier.label().equalsIgnoreCase(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(GpuTier::label).toList();
    }
}
