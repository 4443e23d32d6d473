package dev.lablink.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code session.*}: what the agent runs for a participant. {@code template} (jupyter, desktop,
 * code-server, command) fills in whatever of image, command and apps is left out. {@code image}
 * is an OCI image the agent pulls and runs with the machine's container engine; {@code command}
 * is the program, as an argument list (never passed through a shell; run inside the image when
 * there is one, else on the machine, else the provider's harmless default); {@code env} is added
 * to its environment. {@code apps} are the web apps it serves and {@code ssh} its ssh server: their
 * ports are the only ports of the machine its tunnel carries streams to. {@code repository} (at
 * {@code ref}) is cloned before the machine is READY; {@code software} is the process whose
 * presence means "in use". {@code memory_limit_pct} / {@code memory_soft_limit_pct} bound the
 * session's memory as shares of the machine's, so an out-of-memory notebook never takes the agent
 * down. {@code pre_pull}: the machine is READY only once the image is on it.
 */
public record SessionSettings(String template, String image, List<String> command, Map<String, String> env,
                              List<SessionApp> apps, SshSettings ssh, String repository, String ref, String software,
                              Integer memoryLimitPct, Integer memorySoftLimitPct, Boolean prePull) {
    public static final int DEFAULT_MEMORY_LIMIT_PCT = 92;
    public static final int DEFAULT_MEMORY_SOFT_LIMIT_PCT = 85;

    public SessionSettings {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        apps = apps == null ? List.of() : List.copyOf(apps);
        ssh = ssh == null ? SshSettings.defaults() : ssh;
        memoryLimitPct = memoryLimitPct == null ? DEFAULT_MEMORY_LIMIT_PCT : memoryLimitPct;
        memorySoftLimitPct = memorySoftLimitPct == null ? Math.min(DEFAULT_MEMORY_SOFT_LIMIT_PCT, memoryLimitPct) : memorySoftLimitPct;
        prePull = prePull == null || prePull;
        Optional<SessionTemplate> chosen = template == null ? Optional.empty() : SessionTemplate.find(template);
        if (chosen.isPresent()) {
            SessionTemplate t = chosen.get();
            image = image == null ? t.image() : image;
            command = command.isEmpty() ? t.command() : command;
            apps = apps.isEmpty() ? t.apps() : apps;
            if (!t.env().isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(t.env());
                merged.putAll(env);
                env = java.util.Collections.unmodifiableMap(merged);
            }
        }
    }

    public SessionSettings(List<String> command) {
        this(null, null, command, null, null, null, null, null, null, null, null, null);
    }

    public SessionSettings(List<String> command, List<SessionApp> apps, SshSettings ssh) {
        this(null, null, command, null, apps, ssh, null, null, null, null, null, null);
    }

    /** Whether the session runs an OCI image (the machine needs a container engine). */
    public boolean runsImage() {
        return image != null && !image.isBlank();
    }

    /** LabLink's {@code machine.image}, {@code machine.repository}, {@code machine.software}, where {@code session.*} leaves them out. */
    SessionSettings withLabLinkMachineKeys(MachineSettings machine) {
        if (machine.image() == null && machine.repository() == null && machine.software() == null) {
            return this;
        }
        return new SessionSettings(template, image == null ? machine.image() : image, command, env, apps, ssh,
                repository == null ? machine.repository() : repository, ref, software == null ? machine.software() : software,
                memoryLimitPct, memorySoftLimitPct, prePull);
    }

    /** The ports the machine's tunnel may reach: each app's, then ssh's. */
    public List<Integer> tunnelPorts() {
        List<Integer> ports = new ArrayList<>();
        apps.stream().map(SessionApp::port).filter(p -> p != null && !ports.contains(p)).forEach(ports::add);
        if (ssh.isEnabled() && !ports.contains(ssh.port())) {
            ports.add(ssh.port());
        }
        return List.copyOf(ports);
    }

    public Optional<SessionApp> app(String name) {
        return apps.stream().filter(app -> app.name().equals(name)).findFirst();
    }
}
