package dev.lablink.cli;

import dev.lablink.core.placement.GpuClass;
import dev.lablink.core.placement.GpuTier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lablink tiers}: the GPU tier groups and the order a batch walks them in. Needs no allocator. */
@Command(name = "tiers", description = "List the GPU tier groups (machine.tier) and their fallback orders.", mixinStandardHelpOptions = true)
public class TiersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        for (GpuTier tier : GpuTier.values()) {
            rows.add(new String[] {tier.label(), String.join(" → ", tier.order().stream().map(GpuClass::label).toList())});
        }
        TextTable.print(new String[] {"TIER", "ORDER (highest first)"}, rows, out);
        out.println();
        List<String[]> types = new ArrayList<>();
        for (GpuClass gpu : GpuClass.values()) {
            types.add(new String[] {gpu.label(), gpu.machineType("lambda").orElse("-"), gpu.machineType("aws").orElse("-"),
                    gpu.machineType("gce").orElse("-")});
        }
        TextTable.print(new String[] {"GPU", "LAMBDA", "AWS", "GCE"}, types, out);
        return 0;
    }
}
