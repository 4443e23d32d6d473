package dev.lablink.server.provisioning;

import dev.lablink.core.config.ConfigException;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.provider.local.LocalProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provider named by {@code provider:} in config. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean(destroyMethod = "close")
    MachineProvider machineProvider(LabLinkConfig config) {
        return switch (config.provider()) {
            case LocalProvider.NAME -> new LocalProvider(config.dataDirPath().resolve("machines"), AgentLaunchCommand.forThisJvm());
            default -> throw new ConfigException("provider: '" + config.provider()
                    + "' is not available in this build; available providers: local");
        };
    }
}
