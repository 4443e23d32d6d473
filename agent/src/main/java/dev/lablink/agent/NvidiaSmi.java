package dev.lablink.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the GPUs with {@code nvidia-smi --query-gpu=… --format=csv,noheader,nounits}: one CSV line
 * per GPU, values in the order of {@link #FIELDS}. A value nvidia-smi cannot give ({@code [N/A]},
 * {@code [Not Supported]}) becomes null.
 */
final class NvidiaSmi {
    static final List<String> FIELDS = List.of("index", "name", "uuid", "utilization.gpu", "utilization.memory",
            "memory.used", "memory.total", "temperature.gpu", "power.draw", "ecc.errors.uncorrected.volatile.total",
            "clocks_throttle_reasons.active");
    /** The JSON keys the allocator takes, in the same order. */
    static final List<String> KEYS = List.of("index", "name", "uuid", "utilization_gpu", "utilization_memory",
            "memory_used_mib", "memory_total_mib", "temperature_c", "power_w", "ecc_uncorrected", "throttle_reasons");

    private final String command;

    NvidiaSmi(String command) {
        this.command = command;
    }

    /** One reading: {@code status} is ok, no_gpu (no nvidia-smi here: not an error) or error (with what it said). */
    record Reading(String status, String error, List<Map<String, Object>> gpus) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", status);
            if (error != null) {
                json.put("error", error);
            }
            json.put("gpus", gpus);
            return json;
        }
    }

    Reading read() throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command, "--query-gpu=" + String.join(",", FIELDS), "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Reading("no_gpu", null, List.of()); // no nvidia-smi: a CPU machine
        }
        String out;
        try {
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            out = "";
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Reading("error", "nvidia-smi did not answer within 30 s", List.of());
        }
        if (process.exitValue() != 0) {
            return new Reading("error", firstLine(out) + " (exit " + process.exitValue() + ")", List.of());
        }
        try {
            return new Reading("ok", null, parse(out));
        } catch (IllegalArgumentException e) {
            return new Reading("error", "unreadable nvidia-smi output: " + e.getMessage(), List.of());
        }
    }

    static List<Map<String, Object>> parse(String csv) {
        List<Map<String, Object>> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] values = line.split(",\\s*", -1);
            if (values.length != FIELDS.size()) {
                throw new IllegalArgumentException("expected " + FIELDS.size() + " values, got " + values.length + ": " + line);
            }
            Map<String, Object> gpu = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                gpu.put(KEYS.get(i), value(KEYS.get(i), values[i].trim()));
            }
            gpus.add(gpu);
        }
        return gpus;
    }

    private static Object value(String key, String raw) {
        if (raw.isEmpty() || raw.startsWith("[")) {
            return null; // [N/A], [Not Supported], [Unknown Error]
        }
        return switch (key) {
            case "name", "uuid" -> raw;
            case "throttle_reasons" -> Long.decode(raw.toLowerCase(Locale.ROOT));
            case "power_w" -> Double.parseDouble(raw);
            default -> Long.parseLong(raw);
        };
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("no output").trim();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
