package dev.lablink.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lablink tunnel NAME PORT}: stdin and stdout joined to a port on a machine, through the allocator; ssh's ProxyCommand. */
@Command(name = "tunnel", mixinStandardHelpOptions = true,
        description = {"Join stdin and stdout to PORT on machine NAME through the allocator's tunnel (no inbound port on the machine).",
                "Used as ssh's ProxyCommand by lablink ssh and lablink ssh-config."})
public class TunnelCommand implements Callable<Integer> {
    @Mixin
    ShellOptions shell;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine, as lablink vm list shows it.")
    String machine;

    @Parameters(index = "1", paramLabel = "PORT", description = "A port the session declared: session.ssh.port or an app's port.")
    String port;

    @Override
    public Integer call() throws InterruptedException {
        int remote = Ports.parse(port, "PORT");
        // the raw descriptors: System.out's PrintStream would swallow write errors
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        TunnelSocket tunnel = TunnelSocket.open(shell.client(), machine, remote, stdout);
        Thread.ofPlatform().daemon().name("stdin-to-tunnel").start(() -> tunnel.sendFrom(new FileInputStream(FileDescriptor.in)));
        String cut = tunnel.closed().join();
        if (cut != null) {
            // ssh shows this line as the reason its connection closed
            throw new CliException("the tunnel to " + machine + " port " + remote + " was cut: " + cut);
        }
        return 0;
    }
}
