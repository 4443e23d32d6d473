package dev.lablink.server.providers;

import dev.lablink.core.config.ConfigException;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.MachineSettings;
import dev.lablink.core.placement.PlacementChoices;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers named in config: {@code provider:}, plus any that {@code machine.providers} or {@code machine.choices} use,
 * each built by its installed plug-in (so no provider is named here).
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean(destroyMethod = "close")
    ProviderRegistry providerRegistry(LabLinkConfig config) {
        Set<String> names = new LinkedHashSet<>();
        names.add(config.provider());
        names.addAll(new PlacementChoices(config).providers());
        ProviderContext context = new ProviderContext(config.app().deployment(), config.dataDirPath(), config.machine().spot(),
                MachineSettings.SPOT_FALLBACK_ON_DEMAND.equals(config.machine().spotFallback()), AgentLaunchCommand.forThisJvm());
        List<MachineProvider> providers = new ArrayList<>();
        for (String name : names) {
            providers.add(create(name, config, context));
        }
        // Machines made while config said local still run on this host after a switch of provider; keep a way to stop them
        // (the local provider needs no account, so it can always be built).
        String local = LabLinkConfig.DEFAULT_PROVIDER;
        List<MachineProvider> forDestroying = names.contains(local) ? List.of() : List.of(create(local, config, context));
        return new ProviderRegistry(config.provider(), providers, forDestroying);
    }

    private static MachineProvider create(String name, LabLinkConfig config, ProviderContext context) {
        MachineProviderFactory<?> factory = MachineProviderFactories.find(name).orElseThrow(() -> new ConfigException("provider: '" + name
                + "' is not available in this build; available providers: " + String.join(", ", MachineProviderFactories.names())));
        return create(factory, config, context);
    }

    private static <S extends Record> MachineProvider create(MachineProviderFactory<S> factory, LabLinkConfig config, ProviderContext context) {
        return factory.create(config.providerSettings(factory.name(), factory.settingsType()), context);
    }
}
