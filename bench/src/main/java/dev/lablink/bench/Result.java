package dev.lablink.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** One scenario's figures, in the order they were added, printed as a table and as one line of JSON. */
final class Result {
    private final String scenario;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Result(String scenario) {
        this.scenario = scenario;
    }

    Result put(String name, Object value) {
        figures.put(name, value instanceof Double d ? Math.round(d * 100) / 100.0 : value);
        return this;
    }

    Object get(String name) {
        return figures.get(name);
    }

    String table() {
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder table = new StringBuilder(scenario).append('\n');
        figures.forEach((name, value) -> table.append("  ").append(String.format("%-" + width + "s", name)).append("  ").append(value).append('\n'));
        return table.toString();
    }

    String json() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("scenario", scenario);
        all.putAll(figures);
        return JsonMapper.builder().build().writeValueAsString(all);
    }
}
