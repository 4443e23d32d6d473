package dev.lablink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lablink ssh [user@]NAME [-- ssh args]}: the system ssh to a machine, through the allocator's
 * tunnel ({@code lablink tunnel} as ProxyCommand), so no port on the machine is open to anyone.
 * Host keys are kept per machine (HostKeyAlias lablink-NAME) in LabLink's own known_hosts file,
 * next to its credentials, trusted on first use.
 */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"Open a shell on machine NAME (or run a command) with the system ssh, through the allocator's tunnel.",
                "Arguments after -- go to ssh: lablink ssh lablink-vm-1 -- uname -a"})
public class SshCommand implements Callable<Integer> {
    @Mixin
    ShellOptions shell;

    @Parameters(index = "0", paramLabel = "[USER@]NAME", description = "The machine, as lablink vm list shows it, optionally with the user to log in as.")
    String target;

    @Parameters(index = "1..*", paramLabel = "SSH_ARGS", description = "Options and a command for ssh, after --.")
    List<String> sshArgs = new ArrayList<>();

    @Option(names = "-l", paramLabel = "USER", description = "The user to log in as (default: session.ssh.user on the allocator, else your own).")
    String loginUser;

    @Option(names = "--ssh", defaultValue = "${env:LABLINK_SSH:-ssh}", description = "The ssh program (env LABLINK_SSH; default ${DEFAULT-VALUE}).")
    String sshProgram;

    @Option(names = "--launcher", defaultValue = "${env:LABLINK_LAUNCHER}", hidden = true,
            description = "How ssh starts lablink for the ProxyCommand (default: this same java and jar).")
    String launcher;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String user = loginUser;
        String machine = target;
        int at = target.lastIndexOf('@');
        if (at >= 0) {
            user = user != null ? user : target.substring(0, at);
            machine = target.substring(at + 1);
        }
        MachineName.asPathSegment(machine);
        SshAccess access = SshAccess.fetch(shell.client(), machine);
        user = user != null && !user.isBlank() ? user : access.user();

        List<String> command = new ArrayList<>(List.of(sshProgram));
        command.addAll(options(access, SelfLauncher.commandLine(launcher), knownHostsFile()));
        if (user != null) {
            command.addAll(List.of("-l", user));
        }
        command.add(machine);
        command.addAll(sshArgs);
        ProcessBuilder ssh = new ProcessBuilder(command).inheritIO();
        ssh.environment().putAll(shell.environment());
        Process process;
        try {
            process = ssh.start();
        } catch (IOException e) {
            throw new CliException("cannot run " + sshProgram + ": " + e.getMessage() + "; install OpenSSH's client (Debian: apt install openssh-client) or set --ssh");
        }
        return process.waitFor();
    }

    /** The -o options that send ssh through the tunnel and keep this machine's host key apart. */
    static List<String> options(SshAccess access, String launcher, Path knownHosts) {
        return List.of(
                "-o", "ProxyCommand=" + launcher + " tunnel " + SelfLauncher.quoted(access.machine()) + " " + access.port(),
                "-o", "HostKeyAlias=" + access.hostKeyAlias(),
                "-o", "UserKnownHostsFile=" + SelfLauncher.configValue(knownHosts.toString()),
                "-o", "StrictHostKeyChecking=accept-new");
    }

    /** LabLink's own known_hosts, beside its credentials; made (empty, owner only) so ssh can add to it. */
    static Path knownHostsFile() throws IOException {
        Path file = StoredCredentials.file().resolveSibling("known_hosts");
        Files.createDirectories(file.getParent());
        return file;
    }
}
