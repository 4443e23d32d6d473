package dev.lablink.core.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lablink.core.provider.MachineProviderFactories;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every valid dotted key of {@code lablink.yaml}, read off the config records so that the list
 * can never drift from what the loader accepts: the general sections from {@link LabLinkConfig}, each
 * provider's section from the record its installed plug-in binds it to. Used for "did you mean" and
 * environment overrides.
 */
public final class ConfigKeys {
    private static final Map<String, Class<?>> LEAVES = new LinkedHashMap<>();

    static {
        collect(LabLinkConfig.class, "");
        MachineProviderFactories.installed().values()
                .forEach(factory -> collect(factory.settingsType(), factory.name() + "."));
    }

    private ConfigKeys() {
    }

    /** Dotted key → Java type of its value (String, Integer, Boolean or List). */
    public static Map<String, Class<?>> leaves() {
        return LEAVES;
    }

    /** {@code machine.machine_type} → {@code LABLINK_MACHINE_MACHINE_TYPE}. */
    public static String environmentName(String key) {
        return "LABLINK_" + key.toUpperCase().replace('.', '_');
    }

    /** The valid key nearest to what was written, if any is near enough to be a likely typo. */
    public static Optional<String> nearest(String written) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String writtenLeaf = leaf(written);
        ToIntFunction<String> score = key -> Math.min(distance.apply(written, key), distance.apply(writtenLeaf, leaf(key)));
        List<String> candidates = new ArrayList<>(LEAVES.keySet());
        candidates.addAll(sections());
        return candidates.stream()
                .min(Comparator.comparingInt(score))
                .filter(key -> score.applyAsInt(key) <= Math.max(2, writtenLeaf.length() / 3));
    }

    private static List<String> sections() {
        return LEAVES.keySet().stream()
                .filter(key -> key.contains("."))
                .map(key -> key.substring(0, key.indexOf('.')))
                .distinct()
                .toList();
    }

    private static String leaf(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }

    private static void collect(Class<?> type, String prefix) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue; // not a key of the file (LabLinkConfig.providerSettings)
            }
            String key = prefix + snakeCase(component.getName());
            Class<?> valueType = component.getType();
            if (valueType.isRecord()) {
                collect(valueType, key + ".");
            } else {
                LEAVES.put(key, valueType);
            }
        }
    }

    /** The same translation the loader's SNAKE_CASE naming applies to our camelCase component names. */
    private static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    static boolean isList(String key) {
        Class<?> type = LEAVES.get(key);
        return type != null && (List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type));
    }

}
