package dev.lablink.server.tunnel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream through another allocator: the WebSocket this allocator opened to the one that holds the
 * machine's tunnel ({@link TunnelForwarder}). The first text message is that allocator's verdict
 * (opened, or refused and why); then bytes flow both ways as binary messages. Messages are asked
 * for only as the reader takes them (at most {@link AgentStream#QUEUED_CHUNKS} wait here), and each
 * write waits until it was sent, so a slow side slows the other instead of filling memory.
 */
final class ForwardedStream implements TunnelStream, WebSocket.Listener {
    private static final byte[] END = new byte[0];
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> verdict = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final InputStream input = new Input();
    private final OutputStream output = new BufferedOutputStream(new Output(), AgentStream.CHUNK_BYTES);
    private volatile WebSocket webSocket;

    /** The other allocator's first word: {@code {"type":"open"}} or {@code {"type":"refused",...}}. */
    CompletableFuture<String> verdict() {
        return verdict;
    }

    @Override
    public void onOpen(WebSocket socket) {
        webSocket = socket;
        socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last && !verdict.isDone()) {
            verdict.complete(text.toString());
            socket.request(AgentStream.QUEUED_CHUNKS);
        } else {
            socket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        bytes.addAndGet(chunk.length);
        inbound.add(chunk); // the reader asks for the next message when it takes this one
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        ended();
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        ended();
    }

    private void ended() {
        verdict.completeExceptionally(new IOException("the other allocator closed the stream before answering"));
        inbound.add(END);
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
        inbound.add(END);
        WebSocket socket = webSocket;
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((done, failure) -> { });
            // whether or not the other side answers the close, the connection goes
            CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(socket::abort);
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
                try {
                    byte[] next = inbound.take();
                    if (next == END) {
                        inbound.add(END); // every later read sees the end too
                        return -1;
                    }
                    current = next;
                    position = 0;
                    WebSocket socket = webSocket;
                    if (socket != null) {
                        socket.request(1);
                    }
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
            ForwardedStream.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] data, int offset, int length) throws IOException {
            WebSocket socket = webSocket;
            if (closed.get() || socket == null || socket.isOutputClosed()) {
                throw new IOException("the tunnel stream is closed");
            }
            for (int start = offset; start < offset + length; start += AgentStream.CHUNK_BYTES) {
                byte[] copy = Arrays.copyOfRange(data, start, Math.min(offset + length, start + AgentStream.CHUNK_BYTES));
                try {
                    socket.sendBinary(ByteBuffer.wrap(copy), true).get(); // the other allocator's pace is ours
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing to the tunnel");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("the machine's end of the stream has closed", e.getCause());
                }
                bytes.addAndGet(copy.length);
            }
        }

        @Override
        public void close() {
            ForwardedStream.this.close();
        }
    }
}
