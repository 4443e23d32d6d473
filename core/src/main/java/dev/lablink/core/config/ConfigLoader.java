package dev.lablink.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.lablink.core.json.JsonErrors;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code lablink.yaml}, applies {@code LABLINK_*} environment overrides, and refuses anything
 * it does not understand with one message that names the source, the key, the problem and the fix.
 */
public final class ConfigLoader {
    private final YAMLMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // providerSettings is filled from the provider sections, never written as a key of its own.
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            // heartbeat_seconds: 1.5 must not quietly become 1.
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Array, CoercionAction.Fail))
            .build();
    private final ConfigValidator validator = new ConfigValidator();
    /** A lablink.yaml is a few kB; reading (and parsing) a huge file by mistake would hang the start or the check. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Loads {@code file} (or only defaults and environment when it is null). */
    public LabLinkConfig load(Path file, Map<String, String> environment) {
        String source = file == null ? "configuration" : file.toString();
        return bind(source, file == null ? mapper.createObjectNode() : readTree(file), environment);
    }

    /** Loads config written as text, named {@code source} in messages: a test's config reads like the user's file. */
    public LabLinkConfig load(String yamlText, String source, Map<String, String> environment) {
        return bind(source, parse(source, yamlText), environment);
    }

    private LabLinkConfig bind(String source, ObjectNode tree, Map<String, String> environment) {
        EnvironmentVariables.refuseUnknown(environment);
        Map<String, String> fromEnvironment = applyEnvironment(tree, environment);
        // Each provider's section goes to the record its plug-in names; the rest is LabLink's own.
        Map<String, Record> sections = new LinkedHashMap<>();
        for (MachineProviderFactory<?> factory : MachineProviderFactories.installed().values()) {
            if (MachineProviderFactories.hasSection(factory)) {
                sections.put(factory.name(), bindSection(source, fromEnvironment, factory, tree.remove(factory.name())));
            }
        }
        LabLinkConfig config;
        try {
            config = mapper.treeToValue(tree, LabLinkConfig.class).withProviderSettings(sections);
        } catch (JacksonException e) {
            throw new ConfigException(describe(source, fromEnvironment, e, ""));
        }
        List<String> problems = validator.problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream()
                    .map(problem -> source + ": " + withEnvironmentNote(problem, fromEnvironment))
                    .collect(Collectors.joining("\n")));
        }
        return config;
    }

    private Record bindSection(String source, Map<String, String> fromEnvironment, MachineProviderFactory<?> factory, JsonNode section) {
        JsonNode node = section == null || section.isNull() ? mapper.createObjectNode() : section;
        try {
            return mapper.treeToValue(node, factory.settingsType());
        } catch (JacksonException e) {
            throw new ConfigException(describe(source, fromEnvironment, e, factory.name()));
        }
    }

    private ObjectNode readTree(Path file) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB; a lablink.yaml is a few kB, is this the right file?");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found; pass an existing file with --config or LABLINK_CONFIG");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    private ObjectNode parse(String source, String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
            throw new ConfigException(source + where + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return mapper.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": the top level must be a mapping of keys such as provider:, machine:, app:");
        }
        return (ObjectNode) node;
    }

    /** Writes each {@code LABLINK_<KEY>} variable into the tree; returns key → variable name for messages. */
    private Map<String, String> applyEnvironment(ObjectNode tree, Map<String, String> environment) {
        Map<String, String> applied = new HashMap<>();
        ConfigKeys.leaves().forEach((key, type) -> {
            String variable = ConfigKeys.environmentName(key);
            String value = environment.get(variable);
            if (value == null) {
                return;
            }
            ObjectNode parent = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
            }
            // A list or map is written in YAML (LABLINK_LOGS_FILES='[/var/log/syslog]'), then checked as the file's would be.
            if (ConfigKeys.isList(key)) {
                parent.set(parts[parts.length - 1], yamlValue(variable, value));
            } else {
                parent.put(parts[parts.length - 1], value);
            }
            applied.put(key, variable);
        });
        return applied;
    }

    private JsonNode yamlValue(String variable, String value) {
        try {
            JsonNode node = mapper.readTree(value);
            return node == null || node.isMissingNode() ? mapper.nullNode() : node;
        } catch (JacksonException e) {
            throw new ConfigException("environment variable " + variable + ": not valid YAML: " + e.getOriginalMessage()
                    + "; write a list like [/var/log/syslog, /var/log/app.log]");
        }
    }

    /** @param section the provider section the error is in ("" for LabLink's own keys), as Jackson's path starts inside it */
    private static String describe(String source, Map<String, String> fromEnvironment, JacksonException e, String section) {
        String path = JsonErrors.path(e);
        String key = section.isEmpty() ? path : path.isEmpty() ? section : path.startsWith("[") ? section + path : section + "." + path;
        if (e instanceof PropertyBindingException) { // an unknown key, or one that is no key of the file (providerSettings)
            String hint = ConfigKeys.nearest(key)
                    .map(nearest -> "did you mean " + nearest + "?")
                    .orElse("see lablink.example.yaml for the valid keys");
            return source + ": " + key + ": unknown key; " + hint;
        }
        String problem = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "expected " + JsonErrors.expectedType(mismatch.getTargetType())
                : e.getOriginalMessage();
        return source + ": " + withEnvironmentNote(key + ": wrong type: " + problem, fromEnvironment);
    }

    private static String withEnvironmentNote(String problem, Map<String, String> fromEnvironment) {
        for (var entry : fromEnvironment.entrySet()) {
            if (problem.startsWith(entry.getKey() + ":")) {
                return problem + " (set by environment variable " + entry.getValue() + ")";
            }
        }
        return problem;
    }

}
