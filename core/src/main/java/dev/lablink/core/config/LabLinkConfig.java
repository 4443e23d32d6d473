package dev.lablink.core.config;

import java.nio.file.Path;

/**
 * The whole of {@code lablink.yaml}. Key names follow LabLink's where LabLink has them; every
 * section may be left out and then takes its defaults.
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
        AwsSettings aws,
        LambdaSettings lambda,
        ReconcileSettings reconcile,
        KubernetesSettings kubernetes,
        TerraformSettings terraform,
        GceSettings gce) {

    public static final String DEFAULT_PROVIDER = "local";
    /** The providers this build can create machines with. */
    public static final java.util.List<String> PROVIDERS = java.util.List.of("local", "lambda", "aws", "gce", "kubernetes", "terraform");

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
        aws = aws == null ? new AwsSettings(null, null, null, null, null, null, null, null, null) : aws;
        lambda = lambda == null ? new LambdaSettings(null, null, null, null) : lambda;
        reconcile = reconcile == null ? new ReconcileSettings(null, null) : reconcile;
        kubernetes = kubernetes == null ? new KubernetesSettings(null, null, null, null, null, null) : kubernetes;
        terraform = terraform == null ? new TerraformSettings(null, null, null, null) : terraform;
        gce = gce == null ? new GceSettings(null, null, null, null, null, null, null, null, null) : gce;
    }

    /** The data directory: {@code data_dir}, else {@code ~/.lablink}. */
    public Path dataDirPath() {
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir.replaceFirst("^~", System.getProperty("user.home")));
        }
        return Path.of(System.getProperty("user.home"), ".lablink");
    }

    public LabLinkConfig withDataDir(String newDataDir) {
        return new LabLinkConfig(provider, newDataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withCompat(CompatSettings newCompat) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, newCompat, aws, lambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withConnect(ConnectSettings newConnect) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, newConnect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withServer(ServerSettings newServer) {
        return new LabLinkConfig(provider, dataDir, newServer, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withMachine(MachineSettings newMachine) {
        return new LabLinkConfig(provider, dataDir, server, app, db, newMachine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withProviders(String newProvider, AwsSettings newAws, LambdaSettings newLambda) {
        return new LabLinkConfig(newProvider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, newAws, newLambda, reconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withReconcile(ReconcileSettings newReconcile) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, newReconcile, kubernetes, terraform, gce);
    }

    public LabLinkConfig withKubernetes(KubernetesSettings newKubernetes) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, newKubernetes, terraform, gce);
    }

    public LabLinkConfig withTerraform(TerraformSettings newTerraform) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, newTerraform, gce);
    }

    public LabLinkConfig withGce(GceSettings newGce) {
        return new LabLinkConfig(provider, dataDir, server, app, db, machine, session, startupScript, connect, telemetry, recovery, logs, compat, aws, lambda, reconcile, kubernetes, terraform, newGce);
    }
}
