package dev.lablink.server.tunnel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The allocator's end of one stream: the agent's data WebSocket for it. Bytes from the agent wait in
 * a queue of a few chunks; when it is full, the WebSocket's reading thread waits, so TCP's window
 * tells the agent to stop sending (a slow reader holds at most {@link #QUEUED_CHUNKS} chunks).
 */
final class AgentStream implements TunnelStream {
    static final int CHUNK_BYTES = 32 * 1024;
    static final int QUEUED_CHUNKS = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1);
    private final CompletableFuture<WebSocketSession> session = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean remoteEnded;
    private final InputStream input = new Input();
    private final OutputStream output = new BufferedOutputStream(new Output(), CHUNK_BYTES);

    CompletableFuture<WebSocketSession> session() {
        return session;
    }

    /** The data WebSocket, once the agent opened it; null before, or when the agent refused. */
    private WebSocketSession webSocketOrNull() {
        return session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
    }

    void attach(WebSocketSession webSocket) {
        session.complete(webSocket);
    }

    /** Bytes from the machine's port; waits while the reader is behind. */
    void received(ByteBuffer payload) throws InterruptedException {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        bytes.addAndGet(data.length);
        while (!closed.get()) {
            if (inbound.offer(data, 200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** The agent closed the stream: the port closed, or the agent went away. */
    void ended() {
        remoteEnded = true;
        inbound.offer(END);
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
        inbound.clear();
        inbound.offer(END);
        WebSocketSession webSocket = webSocketOrNull();
        if (webSocket != null) {
            synchronized (webSocket) {
                try {
                    webSocket.close(CloseStatus.NORMAL);
                } catch (IOException | RuntimeException ignored) {
                    // already gone
                }
            }
        } else {
            session.cancel(false);
        }
    }

    private final class Input extends InputStream {
        private byte[] current = END;
        private int position;

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
            while (position >= current.length) {
                if (closed.get() && inbound.isEmpty()) {
                    return -1;
                }
                try {
                    byte[] next = inbound.poll(200, TimeUnit.MILLISECONDS);
                    if (next == END) {
                        inbound.offer(END); // every later read sees the end too
                        return -1;
                    }
                    if (next == null) {
                        if (remoteEnded && inbound.isEmpty()) {
                            return -1;
                        }
                        continue;
                    }
                    current = next;
                    position = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading from the tunnel");
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }

        @Override
        public void close() {
            AgentStream.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            if (closed.get()) {
                throw new IOException("the tunnel stream is closed");
            }
            WebSocketSession webSocket = webSocketOrNull();
            if (webSocket == null || !webSocket.isOpen()) {
                throw new IOException("the machine's end of the stream has closed");
            }
            for (int start = offset; start < offset + length; start += CHUNK_BYTES) {
                byte[] copy = java.util.Arrays.copyOfRange(data, start, Math.min(offset + length, start + CHUNK_BYTES));
                synchronized (webSocket) {
                    webSocket.sendMessage(new BinaryMessage(copy)); // blocks until sent: the agent's pace is ours
                }
                bytes.addAndGet(copy.length);
            }
        }

        @Override
        public void close() {
            AgentStream.this.close();
        }
    }
}
