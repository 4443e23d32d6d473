package dev.lablink.core.config;

import static dev.lablink.core.config.ConfigChecks.isHttpUrl;
import static dev.lablink.core.config.ConfigChecks.isPath;
import static dev.lablink.core.config.ConfigChecks.notAPath;

import dev.lablink.core.placement.PlacementChoices;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks values that parse but cannot work: ports out of range, relative URLs, missing scripts. */
final class ConfigValidator {
    /** A provider name outside the installed plug-ins' would only fail when the allocator starts. */
    private static final List<String> PROVIDERS = MachineProviderFactories.names();
    static final int MAX_COUNT_LIMIT = 1000;

    List<String> problems(LabLinkConfig config) {
        List<String> problems = new ArrayList<>();
        if (!PROVIDERS.contains(config.provider())) {
            problems.add("provider: " + notAProvider(config.provider()));
        }
        if (config.dataDir() != null && !isPath(config.dataDir())) {
            problems.add("data_dir: " + notAPath(config.dataDir()) + "; give a directory like /var/lib/lablink, or leave it out to use ~/.lablink");
        }
        int port = config.server().port();
        if (port < 1 || port > 65535) {
            problems.add("server.port: " + port + " is not a TCP port; use a number from 1 to 65535");
        }
        String publicUrl = config.server().publicUrl();
        if (publicUrl != null && !isHttpUrl(publicUrl)) {
            problems.add("server.public_url: '" + publicUrl + "' is not an absolute http(s) URL; write it like https://lablink.example.org");
        }
        String internalUrl = config.server().internalUrl();
        if (internalUrl != null && !isHttpUrl(internalUrl)) {
            problems.add("server.internal_url: '" + internalUrl + "' is not an absolute http(s) URL; write the address the other allocators reach this one at, like http://10.0.0.5:8080");
        }
        if (config.app().adminUser().isBlank()) {
            problems.add("app.admin_user: must not be empty; leave it out to use 'admin'");
        }
        if (config.db().isExternal() && !config.db().url().startsWith("jdbc:postgresql:")) {
            problems.add("db.url: '" + config.db().url() + "' is not a PostgreSQL JDBC URL; write jdbc:postgresql://HOST:5432/DATABASE, or leave db.url out to use the embedded PostgreSQL");
        }
        int maxCount = config.machine().maxCount();
        if (maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
            problems.add("machine.max_count: " + maxCount + " is out of range; use a number from 1 to " + MAX_COUNT_LIMIT);
        }
        if (config.session().command().stream().anyMatch(arg -> arg == null || arg.isEmpty())
                || (!config.session().command().isEmpty() && config.session().command().getFirst().isBlank())) {
            problems.add("session.command: every argument must be non-empty text, the first one the program to run");
        }
        StartupScriptSettings script = config.startupScript();
        if (!List.of(StartupScriptSettings.ON_ERROR_CONTINUE, StartupScriptSettings.ON_ERROR_FAIL).contains(script.onError())) {
            problems.add("startup_script.on_error: '" + script.onError() + "' is not allowed; use continue or fail");
        }
        if (script.enabled()) {
            if (script.path() == null || script.path().isBlank()) {
                problems.add("startup_script.path: required when startup_script.enabled is true");
            } else if (!isPath(script.path())) {
                problems.add("startup_script.path: " + notAPath(script.path()) + "; give the path of an existing script");
            } else if (!Files.isRegularFile(Path.of(script.path()))) {
                problems.add("startup_script.path: no file at '" + script.path() + "'; give the path of an existing script");
            }
        }
        TelemetrySettings telemetry = config.telemetry();
        if (telemetry.heartbeatSeconds() < 1 || telemetry.heartbeatSeconds() > 3600) {
            problems.add("telemetry.heartbeat_seconds: " + telemetry.heartbeatSeconds() + " is out of range; use 1 to 3600 (default 15)");
        }
        if (telemetry.missedHeartbeats() < 1 || telemetry.missedHeartbeats() > 100) {
            problems.add("telemetry.missed_heartbeats: " + telemetry.missedHeartbeats() + " is out of range; use 1 to 100 (default 3)");
        }
        if (telemetry.bootTimeoutSeconds() < 10) {
            problems.add("telemetry.boot_timeout_seconds: " + telemetry.bootTimeoutSeconds() + " is too short; use 10 or more (default 600)");
        }
        if (telemetry.gpuSampleSeconds() < 1) {
            problems.add("telemetry.gpu_sample_seconds: must be 1 or more (default 10)");
        }
        if (telemetry.gpuTemperatureLimitC() < 30 || telemetry.gpuTemperatureLimitC() > 120) {
            problems.add("telemetry.gpu_temperature_limit_c: " + telemetry.gpuTemperatureLimitC() + " is out of range; use 30 to 120 (default 85)");
        }
        LogsSettings logs = config.logs();
        if (logs.files().stream().anyMatch(file -> file == null || !file.startsWith("/"))) {
            problems.add("logs.files: every entry must be an absolute path on the machines, like /var/log/syslog");
        }
        if (logs.spoolMaxMb() < 1) {
            problems.add("logs.spool_max_mb: must be 1 or more (default 64)");
        }
        if (logs.retentionDays() < 1) {
            problems.add("logs.retention_days: must be 1 or more (default 14)");
        }
        if (logs.maxMbPerMachine() < 1) {
            problems.add("logs.max_mb_per_machine: must be 1 or more (default 100)");
        }
        ConnectSettings connect = config.connect();
        if (!ConnectSettings.METHODS.contains(connect.method())) {
            problems.add("connect.method: '" + connect.method() + "' is not a connect method; use one of " + String.join(", ", ConnectSettings.METHODS));
        } else if (ConnectSettings.URL.equals(connect.method())
                && (connect.url() == null || !isHttpUrl(connect.urlFor("machine", "192.0.2.1", 8888)))) {
            problems.add("connect.url: required with connect.method url, as an absolute http(s) URL; write it like https://{machine}.lab.example.org/"
                    + " ({address} and {port} stand for the machine's address and the session's port)");
        } else if (ConnectSettings.APPS.equals(connect.method()) && config.session().apps().isEmpty()) {
            problems.add("connect.method: apps needs at least one session.apps entry; add one like session: {apps: [{name: jupyter, port: 8888}]}");
        } else if (ConnectSettings.SSH.equals(connect.method()) && !config.session().ssh().isEnabled()) {
            problems.add("connect.method: ssh needs session.ssh.port; set it to the port sshd listens on in the machine, like session: {ssh: {port: 22}}");
        }
        if (connect.secretKey() != null && !isSecretKey(connect.secretKey())) {
            problems.add("connect.secret_key: must be 32 bytes in base64 (make one with: openssl rand -base64 32)");
        }
        CompatSettings compat = config.compat();
        if (compat.enabled()) {
            if (compat.token() == null || compat.token().length() < 16) {
                problems.add("compat.token: required when compat.enabled is true, at least 16 characters; the client images send it as their bearer token");
            }
            if (!connect.isCrd()) {
                problems.add("connect.method: must be crd when compat.enabled is true; LabLink's client images connect participants with Chrome Remote Desktop");
            }
        }
        compatProblems(compat, problems);
        new AccessValidator().addProblems(config, problems);
        new SessionValidator().addProblems(config.session(), problems);
        new SessionValidator().addRegistryProblems(config.registries(), problems);
        if (config.images().rescanMinutes() < 0) {
            problems.add("images.rescan_minutes: must be 0 (only on request) or more (default " + ImagesSettings.DEFAULT_RESCAN_MINUTES + ")");
        }
        placementProblems(config, problems);
        cloudProblems(config, problems);
        return problems;
    }

    private static void compatProblems(CompatSettings compat, List<String> problems) {
        if (compat.hostnames() != null) {
            if (compat.hostnames().isBlank()) {
                problems.add("compat.hostnames: must not be empty; leave it out to let any hostname register, or write a regular expression like lablink-client-[0-9]+");
            } else {
                try {
                    Pattern.compile(compat.hostnames());
                } catch (java.util.regex.PatternSyntaxException e) {
                    problems.add("compat.hostnames: '" + compat.hostnames() + "' is not a regular expression (" + e.getDescription()
                            + " near index " + e.getIndex() + "); write one the whole hostname must match, like lablink-client-[0-9]+");
                }
            }
        }
        if (compat.heartbeatSeconds() < 1 || compat.heartbeatSeconds() > 3600) {
            problems.add("compat.heartbeat_seconds: " + compat.heartbeatSeconds() + " is out of range; use 1 to 3600 (default "
                    + CompatSettings.LABLINK_CLIENT_HEARTBEAT_SECONDS + ", how often LabLink's client beats)");
        }
    }

    private static final Pattern DEPLOYMENT = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private static void placementProblems(LabLinkConfig config, List<String> problems) {
        MachineSettings machine = config.machine();
        if (machine.tier() != null && dev.lablink.core.placement.GpuTier.byLabel(machine.tier()).isEmpty()) {
            problems.add("machine.tier: '" + machine.tier() + "' is not a tier group; use one of "
                    + String.join(", ", dev.lablink.core.placement.GpuTier.labels()) + " (lablink tiers lists their orders)");
        }
        if (machine.tier() != null && dev.lablink.core.placement.GpuTier.byLabel(machine.tier()).isPresent()) {
            try {
                new PlacementChoices(config).choices(null, null, null);
            } catch (IllegalArgumentException e) {
                problems.add("machine.tier: " + e.getMessage());
            }
        }
        if (machine.tier() != null && !machine.choices().isEmpty()) {
            problems.add("machine.tier: set either machine.tier or machine.choices, not both");
        }
        if ("local".equals(config.provider()) && machine.machineType() != null && !machine.hasPlacementRules()) {
            problems.add("machine.machine_type: the local provider runs each machine as a process on this host and has no machine types; leave it out");
        }
        if (machine.machineType() != null && machine.hasPlacementRules()) {
            problems.add("machine.machine_type: leave it out when machine.tier or machine.choices says where machines go");
        }
        for (int i = 0; i < machine.choices().size(); i++) {
            MachineSettings.ChoiceSettings choice = machine.choices().get(i);
            if (choice == null || choice.machineType() == null || choice.machineType().isBlank()) {
                problems.add("machine.choices[" + i + "].machine_type: required, like gpu_1x_a100 or g5.xlarge");
            }
            if (choice != null && choice.provider() != null && !PROVIDERS.contains(choice.provider())) {
                problems.add("machine.choices[" + i + "].provider: " + notAProvider(choice.provider()));
            }
        }
        for (String provider : machine.providers()) {
            if (!PROVIDERS.contains(provider)) {
                problems.add("machine.providers: " + notAProvider(provider));
            }
        }
        if (!List.of(MachineSettings.PREFER_ORDER, MachineSettings.PREFER_CHEAPEST).contains(machine.prefer())) {
            problems.add("machine.prefer: '" + machine.prefer() + "' is not allowed; use order (the default) or cheapest");
        }
        if (!List.of(MachineSettings.SPOT_FALLBACK_NONE, MachineSettings.SPOT_FALLBACK_ON_DEMAND).contains(machine.spotFallback())) {
            problems.add("machine.spot_fallback: '" + machine.spotFallback() + "' is not allowed; use none (the default) or on_demand");
        }
    }

    private static void cloudProblems(LabLinkConfig config, List<String> problems) {
        if (!DEPLOYMENT.matcher(config.app().deployment()).matches()) {
            problems.add("app.deployment: '" + config.app().deployment() + "' must be 1 to 32 lowercase letters, digits or dashes, starting with a letter; it tags every cloud resource");
        }
        Set<String> placed = new PlacementChoices(config).providers();
        for (MachineProviderFactory<?> factory : MachineProviderFactories.installed().values()) {
            problems.addAll(sectionProblems(factory, config, new ProviderUse(placed.contains(factory.name()), factory.name().equals(config.provider()))));
        }
        if (config.reconcile().intervalSeconds() < 10) {
            problems.add("reconcile.interval_seconds: " + config.reconcile().intervalSeconds() + " is too short; use 10 or more (default 300)");
        }
    }

    private static <S extends Record> List<String> sectionProblems(MachineProviderFactory<S> factory, LabLinkConfig config, ProviderUse use) {
        return factory.problems(config.providerSettings(factory.name(), factory.settingsType()), use);
    }

    private static String notAProvider(String name) {
        return "'" + name + "' is not a provider; use one of " + String.join(", ", PROVIDERS);
    }

    private static boolean isSecretKey(String value) {
        try {
            return java.util.Base64.getDecoder().decode(value.trim()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
