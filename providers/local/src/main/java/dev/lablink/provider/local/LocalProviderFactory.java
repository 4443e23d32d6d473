package dev.lablink.provider.local;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;

/** The {@code local} plug-in: machines as agent processes on this host, each under {@code <data dir>/machines}. */
public final class LocalProviderFactory implements MachineProviderFactory<LocalSettings> {

    @Override
    public String name() {
        return LocalProvider.NAME;
    }

    @Override
    public Class<LocalSettings> settingsType() {
        return LocalSettings.class;
    }

    @Override
    public MachineProvider create(LocalSettings settings, ProviderContext context) {
        return new LocalProvider(context.dataDir().resolve("machines"), context.agentCommand());
    }
}
