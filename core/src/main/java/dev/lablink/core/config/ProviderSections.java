package dev.lablink.core.config;

import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every installed provider's settings: the record its section was bound to, or, for a section left
 * out, the record's defaults (the compact constructor given nulls, as binding an empty section does).
 */
final class ProviderSections {
    private ProviderSections() {
    }

    static Map<String, Record> withDefaults(Map<String, Record> given) {
        Map<String, Record> all = new LinkedHashMap<>();
        for (MachineProviderFactory<?> factory : MachineProviderFactories.installed().values()) {
            Record settings = given.get(factory.name());
            if (settings != null && !factory.settingsType().isInstance(settings)) {
                throw new IllegalArgumentException("the settings of provider " + factory.name() + " are a " + settings.getClass().getName()
                        + ", not a " + factory.settingsType().getName());
            }
            all.put(factory.name(), settings != null ? settings : defaults(factory.settingsType()));
        }
        given.forEach(all::putIfAbsent);
        return Collections.unmodifiableMap(all);
    }

    static <S extends Record> S defaults(Class<S> type) {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<S> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(new Object[types.length]);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make the defaults of " + type.getName() + ": " + e, e);
        }
    }
}
