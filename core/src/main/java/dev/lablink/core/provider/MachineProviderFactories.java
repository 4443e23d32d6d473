package dev.lablink.core.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The provider plug-ins on the class path, by name, in class-path order (which is how messages list
 * them). Read once: the class path does not change while LabLink runs.
 */
public final class MachineProviderFactories {
    private static final Map<String, MachineProviderFactory<?>> INSTALLED = load();

    private MachineProviderFactories() {
    }

    public static Map<String, MachineProviderFactory<?>> installed() {
        return INSTALLED;
    }

    /** The names a user may write as {@code provider:}. */
    public static List<String> names() {
        return List.copyOf(INSTALLED.keySet());
    }

    public static Optional<MachineProviderFactory<?>> find(String name) {
        return Optional.ofNullable(INSTALLED.get(name));
    }

    /** Whether the factory's provider has a section in {@code lablink.yaml} (the local provider has none). */
    public static boolean hasSection(MachineProviderFactory<?> factory) {
        return factory.settingsType().getRecordComponents().length > 0;
    }

    @SuppressWarnings("rawtypes")
    private static Map<String, MachineProviderFactory<?>> load() {
        Map<String, MachineProviderFactory<?>> found = new LinkedHashMap<>();
        for (MachineProviderFactory factory : ServiceLoader.load(MachineProviderFactory.class, MachineProviderFactories.class.getClassLoader())) {
            MachineProviderFactory<?> before = found.putIfAbsent(factory.name(), factory);
            if (before != null) {
                throw new IllegalStateException("two provider plug-ins are named " + factory.name() + ": "
                        + before.getClass().getName() + " and " + factory.getClass().getName() + "; keep one of them on the class path");
            }
        }
        return Collections.unmodifiableMap(found);
    }
}
