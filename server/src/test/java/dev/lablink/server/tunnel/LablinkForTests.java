package dev.lablink.server.tunnel;

import dev.lablink.cli.CliException;
import dev.lablink.cli.PortForwardCommand;
import dev.lablink.cli.SshCommand;
import dev.lablink.cli.SshConfigCommand;
import dev.lablink.cli.TunnelCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The shell commands of {@code lablink} as the runnable jar has them (LabLinkMain lives in dist), run
 * as their own process from this test class path: what ssh starts as ProxyCommand in these tests.
 */
@Command(name = "lablink", subcommands = {SshCommand.class, SshConfigCommand.class, TunnelCommand.class, PortForwardCommand.class})
public final class LablinkForTests {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LablinkForTests());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException) {
                cmd.getErr().println("lablink: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    /** A script that runs this main with this JVM and class path, for LABLINK_LAUNCHER and ProxyCommand. */
    static Path launcher(Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path script = dir.resolve("lablink");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + LablinkForTests.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
