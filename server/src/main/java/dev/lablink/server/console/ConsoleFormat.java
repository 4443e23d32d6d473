package dev.lablink.server.console;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.Machine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Times and durations as the console shows them; templates call it as {@code @fmt}. */
@Component("fmt")
public class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** "provider 1.2 s · boot 3.4 s": how long the provider took to create it, and how long it took to boot. */
    public String bootTimings(Machine machine) {
        List<String> parts = new ArrayList<>();
        Instant requested = machine.stateTimes().get(MachineState.PROVISIONING.name());
        Instant created = machine.stateTimes().get(MachineState.BOOTING.name());
        Instant ready = machine.stateTimes().get(MachineState.READY.name());
        if (requested != null && created != null) {
            parts.add("provider " + seconds(Duration.between(requested, created)));
        }
        if (created != null && ready != null) {
            parts.add("boot " + seconds(Duration.between(created, ready)));
        }
        return String.join(" · ", parts);
    }

    static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
