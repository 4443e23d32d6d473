package dev.lablink.server.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The allocator's end of one stream: the agent's data connection for it, upgraded from HTTP to a
 * plain byte stream ({@link AgentStreamController}). {@link #input()} reads what the port sent,
 * {@link #output()} writes to it, both blocking on the connection itself: TCP's window is the
 * back-pressure, and nothing is queued here.
 */
final class AgentStream implements TunnelStream {
    static final int CHUNK_BYTES = 32 * 1024;

    private final CompletableFuture<StreamUpgrade.Connection> connection = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private volatile InputStream input;
    private volatile OutputStream output;

    /** Completes when the agent's data connection arrived; cancelled when the stream closed first. */
    CompletableFuture<StreamUpgrade.Connection> connection() {
        return connection;
    }

    /** The agent's upgraded connection for this stream; closed at once when the stream was given up meanwhile. */
    void attach(StreamUpgrade.Connection upgraded) {
        input = new CountingInput(upgraded.input(), bytes, closed, this::close);
        output = new CountingOutput(upgraded.output(), bytes, this::close);
        if (!connection.complete(upgraded)) {
            upgraded.close();
        }
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connection.cancel(false);
        if (connection.isDone() && !connection.isCompletedExceptionally()) {
            connection.join().close();
        }
    }

    /** Counts what is read; once the stream is closed, or the connection ended or broke, it reads as ended (and the stream closes). */
    static final class CountingInput extends InputStream {
        private final InputStream in;
        private final AtomicLong bytes;
        private final AtomicBoolean closed;
        private final Runnable onClose;

        CountingInput(InputStream in, AtomicLong bytes, AtomicBoolean closed, Runnable onClose) {
            this.in = in;
            this.bytes = bytes;
            this.closed = closed;
            this.onClose = onClose;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (closed.get()) {
                return -1;
            }
            int n;
            try {
                n = in.read(target, offset, length);
            } catch (java.io.EOFException ended) {
                return -1; // how Tomcat says the other end half-closed; the other way may still carry bytes
            } catch (IOException broken) {
                onClose.run(); // reset, or closed here meanwhile: the stream ended
                return -1;
            }
            if (n > 0) {
                bytes.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** Counts what is written; flush pushes it out to the agent. */
    static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private final AtomicLong bytes;
        private final Runnable onClose;

        CountingOutput(OutputStream out, AtomicLong bytes, Runnable onClose) {
            this.out = out;
            this.bytes = bytes;
            this.onClose = onClose;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            try {
                out.write(data, offset, length);
            } catch (IllegalStateException closed) {
                throw new IOException("the tunnel stream is closed");
            }
            bytes.addAndGet(length);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IllegalStateException closed) {
                throw new IOException("the tunnel stream is closed");
            }
        }

        @Override
        public void close() {
            onClose.run();
        }
    }
}
