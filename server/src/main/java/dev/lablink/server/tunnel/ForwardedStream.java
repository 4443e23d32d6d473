package dev.lablink.server.tunnel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream through another allocator: the upgraded connection this allocator opened to the one that
 * holds the machine's tunnel ({@link TunnelForwarder}). Its socket is the stream: reads and writes
 * block on it, so a slow side slows the other instead of filling memory.
 */
final class ForwardedStream implements TunnelStream {
    private final Socket socket;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final InputStream input;
    private final OutputStream output;

    ForwardedStream(StreamConnector.Opened opened) throws IOException {
        this.socket = opened.socket();
        this.input = new AgentStream.CountingInput(opened.input(), bytes, closed, this::close);
        this.output = new AgentStream.CountingOutput(new BufferedOutputStream(socket.getOutputStream(), AgentStream.CHUNK_BYTES), bytes, this::close);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public long bytesTransferred() {
        return bytes.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
