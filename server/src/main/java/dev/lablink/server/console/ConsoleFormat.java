package dev.lablink.server.console;

import dev.lablink.server.machines.BootTimings;
import dev.lablink.server.machines.Machine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** Times and durations as the console shows them; templates call it as {@code @fmt}. */
@Component("fmt")
public class ConsoleFormat {
    private static final Pattern LEADING_TIME = Pattern.compile("^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?]?\\s+");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Cents as dollars: 12345 → "$123.45". */
    public String dollars(long cents) {
        return String.format("$%d.%02d", cents / 100, cents % 100);
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** "12 s ago", "5 min ago", "3 h ago", "2 d ago": short enough for one table line; the exact time goes in a tooltip. */
    public String ago(Instant at) {
        if (at == null) {
            return "";
        }
        long seconds = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    /**
     * A log line without the timestamp its program wrote at its start (the agent writes one): the
     * console already shows when the line was taken, and two times per line read as noise.
     */
    public String withoutLeadingTime(String text) {
        return text == null ? "" : LEADING_TIME.matcher(text).replaceFirst("");
    }

    /** Provider, type and region in one cell: "aws · g5.xlarge · us-east-1", leaving out what is unset. */
    public String where(Machine machine) {
        return Stream.of(machine.provider(), machine.machineType(), machine.region())
                .filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(" · "));
    }

    /** An image with its digest shortened to 12 hex digits, "localhost:5000/lab/tools:1.2@sha256:ab12cd34ef56…"; "" for none. */
    public String image(String image) {
        if (image == null) {
            return "";
        }
        int at = image.indexOf("@sha256:");
        int shown = at + "@sha256:".length() + 12;
        return at < 0 || image.length() <= shown ? image : image.substring(0, shown) + "…";
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** A load average to two decimals ("0.42"), or "unknown". */
    public String load(Double load) {
        return load == null ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }

    /** "12.3 GB": free disk as the console shows it. */
    public String bytes(Long bytes) {
        if (bytes == null) {
            return "unknown";
        }
        double gb = bytes / 1e9;
        return gb >= 1 ? String.format(Locale.ROOT, "%.1f GB", gb) : String.format(Locale.ROOT, "%d MB", bytes / 1_000_000);
    }

    /** "812 B", "4.2 KB", "1.3 GB": an image's size (config and layers). */
    public String size(Long bytes) {
        if (bytes == null) {
            return "unknown";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit < 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** "sha256:0123456789ab": enough of a digest to tell images apart at a glance. */
    public String shortDigest(String digest) {
        int colon = digest == null ? -1 : digest.indexOf(':');
        return colon < 0 || digest.length() < colon + 13 ? digest : digest.substring(0, colon + 13);
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
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
