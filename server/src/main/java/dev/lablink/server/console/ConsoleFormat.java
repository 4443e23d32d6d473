package dev.lablink.server.console;

import dev.lablink.server.machines.BootTimings;
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

    /** Cents as dollars: 12345 → "$123.45". */
    public String dollars(long cents) {
        return String.format("$%d.%02d", cents / 100, cents % 100);
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** "provider 1.2 s · boot 3.4 s · agent 0.8 s": see {@link BootTimings}. */
    public String bootTimings(Machine machine) {
        BootTimings timings = BootTimings.of(machine);
        List<String> parts = new ArrayList<>();
        if (timings.providerSeconds() != null) {
            parts.add("provider " + seconds(timings.providerSeconds()));
        }
        if (timings.bootSeconds() != null) {
            parts.add("boot " + seconds(timings.bootSeconds()));
        }
        if (timings.agentSeconds() != null) {
            parts.add("agent " + seconds(timings.agentSeconds()));
        }
        return String.join(" · ", parts);
    }

    static String seconds(double value) {
        long millis = Math.round(value * 1000);
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
