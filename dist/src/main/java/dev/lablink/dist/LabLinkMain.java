package dev.lablink.dist;

import dev.lablink.cli.AdminCommand;
import dev.lablink.cli.CapacityCommand;
import dev.lablink.cli.ClaimCommand;
import dev.lablink.cli.CliException;
import dev.lablink.cli.ConfigCommand;
import dev.lablink.cli.DownCommand;
import dev.lablink.cli.ImagesCommand;
import dev.lablink.cli.RosterCommand;
import dev.lablink.cli.LoginCommand;
import dev.lablink.cli.LogoutCommand;
import dev.lablink.cli.TiersCommand;
import dev.lablink.cli.TokenCommand;
import dev.lablink.cli.PortForwardCommand;
import dev.lablink.cli.SshCommand;
import dev.lablink.cli.SshConfigCommand;
import dev.lablink.cli.TunnelCommand;
import dev.lablink.cli.VmCommand;
import dev.lablink.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lablink} command: the one entry point of the runnable jar. Exit codes: 0 ok, 1 failure, 2 usage. */
@Command(name = "lablink", mixinStandardHelpOptions = true, version = "LabLink 0.1.0",
        description = "On-demand machines for labs and workshops.",
        subcommands = {ServerCommand.class, VmCommand.class, ClaimCommand.class, CapacityCommand.class, TiersCommand.class, DownCommand.class,
                RosterCommand.class, ImagesCommand.class, ConfigCommand.class, AdminCommand.class, TokenCommand.class, LoginCommand.class, LogoutCommand.class,
                SshCommand.class, SshConfigCommand.class, TunnelCommand.class, PortForwardCommand.class, AgentCommand.class, DevCommand.class})
public final class LabLinkMain {

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != ServerCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LabLinkMain());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException || e instanceof ConfigException) {
                cmd.getErr().println("lablink: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
        commandLine.setParameterExceptionHandler(new UnknownCommandHandler(commandLine.getParameterExceptionHandler()));
        return commandLine;
    }
}
