package dev.lablink.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code lablink ssh-config [NAME...]}: Host blocks for ~/.ssh/config, so that ssh, scp, rsync and
 * VS Code Remote reach the machines as {@code lablink-NAME} through the allocator's tunnel.
 */
@Command(name = "ssh-config", mixinStandardHelpOptions = true,
        description = {"Print Host blocks for ~/.ssh/config: one per machine you may reach (or those named), as Host lablink-NAME.",
                "Then ssh, scp, rsync and VS Code Remote work with lablink-NAME: lablink ssh-config >> ~/.ssh/config"})
public class SshConfigCommand implements Callable<Integer> {
    @Mixin
    ShellOptions shell;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these machines (default: all you may reach; with --seat, yours).")
    List<String> names = new ArrayList<>();

    @Option(names = "--launcher", defaultValue = "${env:LABLINK_LAUNCHER}", hidden = true,
            description = "How ssh starts lablink for the ProxyCommand (default: this same java and jar).")
    String launcher;

    @Override
    public Integer call() throws IOException {
        ApiClient client = shell.client();
        List<SshAccess> machines = new ArrayList<>();
        if (names.isEmpty()) {
            for (JsonNode machine : client.get("/api/v1/ssh").path("machines")) {
                machines.add(SshAccess.of(machine));
            }
        } else {
            names.forEach(name -> machines.add(SshAccess.fetch(client, name)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (machines.isEmpty()) {
            spec.commandLine().getErr().println("lablink: no machines to reach yet; create some with lablink vm create");
            spec.commandLine().getErr().flush();
            return 0;
        }
        String proxy = SelfLauncher.commandLine(launcher) + " tunnel %h %p --url " + SelfLauncher.quoted(shell.url())
                + (shell.isSeat() ? " --seat " + shell.seat.trim() : "");
        String knownHosts = SshCommand.knownHostsFile().toString();
        for (SshAccess machine : machines) {
            out.println("Host " + machine.hostKeyAlias());
            out.println("    HostName " + machine.machine());
            out.println("    Port " + machine.port());
            if (machine.user() != null) {
                out.println("    User " + machine.user());
            }
            out.println("    ProxyCommand " + proxy);
            out.println("    HostKeyAlias " + machine.hostKeyAlias());
            out.println("    UserKnownHostsFile " + SelfLauncher.configValue(knownHosts));
            out.println("    StrictHostKeyChecking accept-new");
            out.println();
        }
        out.flush();
        return 0;
    }
}
