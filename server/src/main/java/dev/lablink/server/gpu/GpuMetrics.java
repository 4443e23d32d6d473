package dev.lablink.server.gpu;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.background.TickingComponent;
import dev.lablink.server.machines.BootTimings;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * What {@code /actuator/prometheus} shows about the fleet, with the machine's name as a label:
 * GPU readings and health, machines per state, and boot timings. Refreshed from the database
 * every {@link #REFRESH}, so a scrape never waits on a query.
 */
@Component
public class GpuMetrics extends TickingComponent {
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final GpuRepository gpus;
    private final MachineRepository machines;
    private final MultiGauge utilization;
    private final MultiGauge memoryUsed;
    private final MultiGauge memoryTotal;
    private final MultiGauge temperature;
    private final MultiGauge power;
    private final MultiGauge ecc;
    private final MultiGauge health;
    private final MultiGauge states;
    private final MultiGauge boot;

    public GpuMetrics(GpuRepository gpus, MachineRepository machines, MeterRegistry registry) {
        super("lablink-metrics");
        this.gpus = gpus;
        this.machines = machines;
        utilization = gauge(registry, "lablink.gpu.utilization", "percent", "GPU utilisation");
        memoryUsed = gauge(registry, "lablink.gpu.memory.used", "mebibytes", "GPU memory in use");
        memoryTotal = gauge(registry, "lablink.gpu.memory.total", "mebibytes", "GPU memory");
        temperature = gauge(registry, "lablink.gpu.temperature", "celsius", "GPU temperature");
        power = gauge(registry, "lablink.gpu.power", "watts", "GPU power draw");
        ecc = gauge(registry, "lablink.gpu.ecc.uncorrected", "errors", "uncorrected volatile ECC errors");
        health = gauge(registry, "lablink.gpu.health", null, "GPU health: 0 healthy, 1 degraded, 2 unhealthy");
        states = gauge(registry, "lablink.machines", null, "machines per state");
        boot = gauge(registry, "lablink.machine.boot", "seconds", "boot timings per machine and phase");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String unit, String description) {
        return MultiGauge.builder(name).baseUnit(unit).description(description).register(registry);
    }

    void refresh() {
        List<GpuRepository.Latest> latest = gpus.latest();
        utilization.register(rows(latest, GpuRepository.Latest::utilizationGpu), true);
        memoryUsed.register(rows(latest, GpuRepository.Latest::memoryUsedMib), true);
        memoryTotal.register(rows(latest, GpuRepository.Latest::memoryTotalMib), true);
        temperature.register(rows(latest, GpuRepository.Latest::temperatureC), true);
        power.register(rows(latest, GpuRepository.Latest::powerW), true);
        ecc.register(rows(latest, l -> l.eccUncorrected() == null ? null : l.eccUncorrected().doubleValue()), true);

        List<Machine> live = machines.list(EnumSet.complementOf(EnumSet.of(MachineState.TERMINATED)));
        List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
        List<MultiGauge.Row<?>> bootRows = new ArrayList<>();
        for (Machine machine : live) {
            gpuHealthLevel(machine).ifPresent(level -> healthRows.add(MultiGauge.Row.of(Tags.of("machine", machine.name()), level)));
            BootTimings timings = BootTimings.of(machine);
            addBoot(bootRows, machine, "provider", timings.providerSeconds());
            addBoot(bootRows, machine, "boot", timings.bootSeconds());
            addBoot(bootRows, machine, "agent", timings.agentSeconds());
        }
        health.register(healthRows, true);
        boot.register(bootRows, true);
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        machines.countByState().forEach((state, count) -> stateRows.add(MultiGauge.Row.of(Tags.of("state", state.name()), count)));
        states.register(stateRows, true);
    }

    private static Optional<Integer> gpuHealthLevel(Machine machine) {
        if (machine.gpuHealth() == null) {
            return Optional.empty();
        }
        return switch (machine.gpuHealth()) {
            case "HEALTHY" -> Optional.of(0);
            case "DEGRADED" -> Optional.of(1);
            case "UNHEALTHY" -> Optional.of(2);
            default -> Optional.empty(); // NO_GPU: nothing to chart
        };
    }

    private static void addBoot(List<MultiGauge.Row<?>> rows, Machine machine, String phase, Double seconds) {
        if (seconds != null) {
            rows.add(MultiGauge.Row.of(Tags.of("machine", machine.name(), "phase", phase), seconds));
        }
    }

    private static List<MultiGauge.Row<?>> rows(List<GpuRepository.Latest> latest, Function<GpuRepository.Latest, Double> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GpuRepository.Latest gpu : latest) {
            Double v = value.apply(gpu);
            if (v != null) {
                rows.add(MultiGauge.Row.of(Tags.of("machine", gpu.machine(), "gpu", String.valueOf(gpu.gpu())), v));
            }
        }
        return rows;
    }

    @Override
    protected void schedule() {
        every(REFRESH, this::refresh);
    }
}
