package dev.lablink.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code session.*}: the program the agent starts for a participant, as an argument list (never
 * passed through a shell; unset, the provider's harmless default is used), the web apps it serves
 * ({@code apps}) and its ssh server ({@code ssh}). The apps' ports and the ssh port are the only
 * ports of the machine its tunnel carries streams to.
 */
public record SessionSettings(List<String> command, List<SessionApp> apps, SshSettings ssh) {
    public SessionSettings {
        command = command == null ? List.of() : List.copyOf(command);
        apps = apps == null ? List.of() : List.copyOf(apps);
        ssh = ssh == null ? SshSettings.defaults() : ssh;
    }

    public SessionSettings(List<String> command) {
        this(command, null, null);
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

    public java.util.Optional<SessionApp> app(String name) {
        return apps.stream().filter(app -> app.name().equals(name)).findFirst();
    }
}
