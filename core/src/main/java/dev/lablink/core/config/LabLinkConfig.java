package dev.lablink.core.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of {@code lablink.yaml}. Key names follow LabLink's where LabLink has them; every
 * section may be left out and then takes its defaults. Each provider's section ({@code aws:},
 * {@code gce:}, …) belongs to its plug-in: {@link ConfigLoader} binds it to the record the plug-in
 * names, and {@link #providerSettings(String, Class)} hands it back typed.
 *
 * @param providerSettings provider name → its settings record, for every installed provider (not a YAML key itself)
 */
public record LabLinkConfig(
        String provider,
        String dataDir,
        ServerSettings server,
        AppSettings app,
        DbSettings db,
        MachineSettings machine,
        SessionSettings session,
        StartupScriptSettings startupScript,
        ConnectSettings connect,
        TelemetrySettings telemetry,
        RecoverySettings recovery,
        LogsSettings logs,
        CompatSettings compat,
        ReconcileSettings reconcile,
        ParticipantsSettings participants,
        MailSettings mail,
        OidcSettings oidc,
        java.util.List<RegistrySettings> registries,
        ImagesSettings images,
        @JsonIgnore Map<String, Record> providerSettings) {

    public static final String DEFAULT_PROVIDER = "local";

    public LabLinkConfig {
        provider = provider == null ? DEFAULT_PROVIDER : provider;
        server = server == null ? new ServerSettings(null, null) : server;
        app = app == null ? new AppSettings(null, null, null, null) : app;
        db = db == null ? new DbSettings(null, null, null) : db;
        machine = machine == null ? MachineSettings.defaults() : machine;
        session = session == null ? new SessionSettings(null) : session;
        startupScript = startupScript == null ? new StartupScriptSettings(null, null, null) : startupScript;
        connect = connect == null ? new ConnectSettings(null, null, null) : connect;
        telemetry = telemetry == null ? new TelemetrySettings(null, null, null, null, null) : telemetry;
        recovery = recovery == null ? new RecoverySettings(null, null) : recovery;
        logs = logs == null ? new LogsSettings(null, null, null, null) : logs;
        compat = compat == null ? new CompatSettings(null, null) : compat;
        reconcile = reconcile == null ? new ReconcileSettings(null, null) : reconcile;
        participants = participants == null ? ParticipantsSettings.defaults() : participants;
        mail = mail == null ? MailSettings.defaults() : mail;
        oidc = oidc == null ? OidcSettings.defaults() : oidc;
        registries = registries == null ? java.util.List.of() : java.util.List.copyOf(registries);
        images = images == null ? ImagesSettings.defaults() : images;
        session = session.withLabLinkMachineKeys(machine);
        // One line, session.template: jupyter, gives participants its app's button.
        connect = connect.method() == null ? connect.withMethod(session.apps().isEmpty() ? ConnectSettings.NONE : ConnectSettings.APPS) : connect;
        providerSettings = ProviderSections.withDefaults(providerSettings == null ? Map.of() : providerSettings);
    }

    /** The data directory: {@code data_dir}, else {@code ~/.lablink}. */
    public Path dataDirPath() {
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir.replaceFirst("^~", System.getProperty("user.home")));
        }
        return Path.of(System.getProperty("user.home"), ".lablink");
    }

    /** The section of provider {@code name}, as the record its plug-in binds it to. */
    public <S extends Record> S providerSettings(String name, Class<S> type) {
        Record settings = providerSettings.get(name);
        if (settings == null) {
            throw new IllegalArgumentException("no provider " + name + " is installed; installed: " + String.join(", ", providerSettings.keySet()));
        }
        return type.cast(settings);
    }

    public LabLinkConfig withDataDir(String newDataDir) {
        return new LabLinkConfig(provider, newDataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, reconcile, participants, mail, oidc, registries, images, providerSettings);
    }

    public LabLinkConfig withServer(ServerSettings newServer) {
        return new LabLinkConfig(provider, dataDir, newServer, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, reconcile, participants, mail, oidc, registries, images, providerSettings);
    }

    /** Another {@code provider:} (tests run a batch through a provider of their own). */
    public LabLinkConfig withProvider(String newProvider) {
        return new LabLinkConfig(newProvider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, reconcile, participants, mail, oidc, registries, images, providerSettings);
    }

    /** The provider sections as {@link ConfigLoader} bound them. */
    LabLinkConfig withProviderSettings(Map<String, Record> sections) {
        Map<String, Record> merged = new LinkedHashMap<>(providerSettings);
        merged.putAll(sections);
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, reconcile, participants, mail, oidc, registries, images, merged);
    }
}
