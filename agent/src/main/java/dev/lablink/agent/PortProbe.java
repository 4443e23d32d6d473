package dev.lablink.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * Which of the session's tunnel ports accept a TCP connection on 127.0.0.1 now: the app is up
 * (the seat page's button turns on). A plain connect, closed at once, with a short timeout, so a
 * probe costs next to nothing and never waits on a silent port for long.
 */
final class PortProbe {
    static final Duration TIMEOUT = Duration.ofMillis(300);

    private PortProbe() {
    }

    static List<Integer> answering(List<Integer> ports) {
        return ports.stream().filter(PortProbe::answers).sorted().toList();
    }

    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
