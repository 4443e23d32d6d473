package dev.lablink.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lablink port-forward NAME LOCAL:REMOTE}: like {@code ssh -L}, each connection to 127.0.0.1:LOCAL is a tunnel stream to REMOTE on the machine. */
@Command(name = "port-forward", mixinStandardHelpOptions = true,
        description = "Listen on 127.0.0.1:LOCAL and carry each connection to port REMOTE on machine NAME through the allocator's tunnel.")
public class PortForwardCommand implements Callable<Integer> {
    @Mixin
    ShellOptions shell;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine, as lablink vm list shows it.")
    String machine;

    @Parameters(index = "1", paramLabel = "LOCAL:REMOTE", description = "The local port to listen on and the machine's port, like 18080:8080.")
    String ports;

    @Override
    public Integer call() {
        MachineName.asPathSegment(machine);
        String[] parts = ports.split(":", -1);
        if (parts.length != 2) {
            throw new CliException("'" + ports + "' is not LOCAL:REMOTE; give two ports, like 18080:8080");
        }
        int local = Ports.parse(parts[0], "LOCAL");
        int remote = Ports.parse(parts[1], "REMOTE");
        ApiClient client = shell.client();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), local));
            out.println("Forwarding 127.0.0.1:" + local + " → " + machine + ":" + remote + "; Ctrl-C to stop");
            out.flush();
            while (true) {
                Socket connection = listener.accept();
                Thread.ofVirtual().start(() -> carry(client, connection, remote, err));
            }
        } catch (IOException e) {
            throw new CliException("cannot listen on 127.0.0.1:" + local + ": " + e.getMessage() + "; pick another LOCAL port");
        }
    }

    private void carry(ApiClient client, Socket connection, int remote, PrintWriter err) {
        try (connection) {
            TunnelSocket tunnel = TunnelSocket.open(client, machine, remote, connection.getOutputStream());
            Thread.ofVirtual().start(() -> {
                try {
                    tunnel.sendFrom(connection.getInputStream());
                } catch (IOException e) {
                    tunnel.abort();
                }
            });
            tunnel.closed().join();
        } catch (CliException refused) {
            synchronized (err) {
                err.println("lablink: connection from 127.0.0.1:" + connection.getPort() + " refused: " + refused.getMessage());
                err.flush();
            }
        } catch (IOException ignored) {
            // the local client went away
        }
    }
}
