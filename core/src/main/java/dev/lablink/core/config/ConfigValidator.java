package dev.lablink.core.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks values that parse but cannot work: ports out of range, relative URLs, missing scripts. */
final class ConfigValidator {
    /** A provider name outside these would only fail when the allocator starts. */
    private static final List<String> PROVIDERS = LabLinkConfig.PROVIDERS;
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
                && (connect.url() == null || !isHttpUrl(connect.url().replace("{machine}", "machine")))) {
            problems.add("connect.url: required with connect.method url, as an absolute http(s) URL; write it like https://{machine}.lab.example.org/");
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
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}|[0-9a-fA-F:]+/\\d{1,3}");

    private static void placementProblems(LabLinkConfig config, List<String> problems) {
        MachineSettings machine = config.machine();
        if (machine.tier() != null && dev.lablink.core.placement.GpuTier.byLabel(machine.tier()).isEmpty()) {
            problems.add("machine.tier: '" + machine.tier() + "' is not a tier group; use one of "
                    + String.join(", ", dev.lablink.core.placement.GpuTier.labels()) + " (lablink tiers lists their orders)");
        }
        if (machine.tier() != null && dev.lablink.core.placement.GpuTier.byLabel(machine.tier()).isPresent()) {
            try {
                new dev.lablink.core.placement.PlacementChoices(config).choices(null, null, null);
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
        AwsSettings aws = config.aws();
        for (String cidr : aws.sshCidrs()) {
            if (cidr == null || !CIDR.matcher(cidr).matches()) {
                problems.add("aws.ssh_cidrs: '" + cidr + "' is not a CIDR block; write it like 203.0.113.0/24");
            }
        }
        if (aws.endpoint() != null && !isHttpUrl(aws.endpoint())) {
            problems.add("aws.endpoint: '" + aws.endpoint() + "' is not an absolute http(s) URL; leave it out to use AWS itself");
        }
        if ((aws.accessKeyId() == null) != (aws.secretAccessKey() == null)) {
            problems.add("aws.secret_access_key: set both aws.access_key_id and aws.secret_access_key, or neither to use the AWS default credentials");
        }
        if (aws.rootVolumeGb() < 8 || aws.rootVolumeGb() > 16384) {
            problems.add("aws.root_volume_gb: " + aws.rootVolumeGb() + " is out of range; use 8 to 16384 (default 100)");
        }
        boolean usesAws = new dev.lablink.core.placement.PlacementChoices(config).providers().contains("aws");
        if (usesAws && (aws.ami() == null || aws.ami().isBlank())) {
            problems.add("aws.ami: required when machines go to aws; give the AMI id of an Ubuntu or Amazon Linux image, like ami-0123456789abcdef0");
        }
        LambdaSettings lambda = config.lambda();
        if (!isHttpUrl(lambda.endpoint())) {
            problems.add("lambda.endpoint: '" + lambda.endpoint() + "' is not an absolute http(s) URL; leave it out to use " + LambdaSettings.DEFAULT_ENDPOINT);
        }
        if (lambda.launchesPerMinute() < 1 || lambda.launchesPerMinute() > 600) {
            problems.add("lambda.launches_per_minute: " + lambda.launchesPerMinute() + " is out of range; use 1 to 600 (Lambda allows 5)");
        }
        KubernetesSettings kubernetes = config.kubernetes();
        if (!kubernetes.namespace().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            problems.add("kubernetes.namespace: '" + kubernetes.namespace() + "' is not a Kubernetes namespace name; use lowercase letters, digits and dashes");
        }
        kubernetes.machineTypes().forEach((name, size) -> {
            if (size == null || size.gpus() < 0 || size.gpus() > 16) {
                problems.add("kubernetes.machine_types." + name + ".gpus: use 0 to 16 GPUs per machine");
            }
        });
        if (kubernetes.scheduleTimeoutSeconds() < 1) {
            problems.add("kubernetes.schedule_timeout_seconds: must be 1 or more (default 120)");
        }
        TerraformSettings terraform = config.terraform();
        if (new dev.lablink.core.placement.PlacementChoices(config).providers().contains("terraform") || "terraform".equals(config.provider())) {
            if (terraform.module() == null || terraform.module().isBlank()) {
                problems.add("terraform.module: required with the terraform provider; give the directory of the Terraform module that makes machines");
            } else if (!isPath(terraform.module())) {
                problems.add("terraform.module: " + notAPath(terraform.module()) + "; give the module's directory");
            } else if (!Files.isDirectory(Path.of(terraform.module()))) {
                problems.add("terraform.module: no directory at '" + terraform.module() + "'; give the module's directory");
            }
        }
        GceSettings gce = config.gce();
        if (new dev.lablink.core.placement.PlacementChoices(config).providers().contains("gce") && (gce.project() == null || gce.project().isBlank())) {
            problems.add("gce.project: required when machines go to gce; give the Google Cloud project id, like my-lab-123456");
        }
        if (gce.zones().stream().anyMatch(zone -> zone == null || !zone.matches("[a-z]+-[a-z]+[0-9]+-[a-z]"))) {
            problems.add("gce.zones: every entry must be a zone like us-central1-a");
        }
        if (gce.acceleratorCount() < 0 || (gce.acceleratorCount() > 0 && gce.acceleratorType() == null)) {
            problems.add("gce.accelerator_count: set gce.accelerator_type (like nvidia-tesla-t4) with a count of 1 or more, or leave both out");
        }
        if (!gce.instanceName().contains("{machine}") && !gce.instanceName().contains("{number}")) {
            problems.add("gce.instance_name: '" + gce.instanceName() + "' must contain {machine} or {number} so that every instance gets its own name; "
                    + "epic-lab's convention is " + GceSettings.EPIC_LAB_NAMES);
        }
        if (gce.endpoint() != null && !isHttpUrl(gce.endpoint())) {
            problems.add("gce.endpoint: '" + gce.endpoint() + "' is not an absolute http(s) URL; leave it out to use Compute Engine itself");
        }
        if (terraform.timeoutMinutes() < 1) {
            problems.add("terraform.timeout_minutes: must be 1 or more (default 30)");
        }
        if (config.reconcile().intervalSeconds() < 10) {
            problems.add("reconcile.interval_seconds: " + config.reconcile().intervalSeconds() + " is too short; use 10 or more (default 300)");
        }
    }

    private static String notAProvider(String name) {
        return "'" + name + "' is not a provider; use one of " + String.join(", ", PROVIDERS);
    }

    private static boolean isPath(String value) {
        try {
            Path.of(value);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Says why, with control characters such as NUL written out so the message stays one readable line. */
    private static String notAPath(String value) {
        String shown = value.chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(java.util.stream.Collectors.joining());
        String reason;
        try {
            Path.of(value);
            reason = "";
        } catch (InvalidPathException e) {
            reason = " (" + e.getReason().toLowerCase() + ")";
        }
        return "'" + shown + "' is not a usable path" + reason;
    }

    private static boolean isSecretKey(String value) {
        try {
            return java.util.Base64.getDecoder().decode(value.trim()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
