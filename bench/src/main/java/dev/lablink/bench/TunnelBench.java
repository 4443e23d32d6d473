package dev.lablink.bench;

import dev.lablink.agent.Agent;
import dev.lablink.agent.AgentSettings;
import dev.lablink.server.tunnel.TunnelForwarder;
import dev.lablink.server.tunnel.TunnelStream;
import dev.lablink.server.tunnel.TunnelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code bin/bench tunnel}: one allocator process, our real agent (in this JVM) for one machine, and
 * on the machine's side three ports: an echo, a source that sends N MB and closes, a sink that
 * counts. Streams reach the allocator as a second allocator on its database does, through its
 * forwarding endpoint, so each byte goes bench → allocator → agent → port and back, every hop a
 * real TCP connection on loopback (the agent's data connections and the forwarded
 * ones are HTTP upgrades to plain byte streams). Reported: one stream's throughput both ways, the
 * round trip of a small message through a stream and directly to the port (the difference is what
 * the tunnel adds), the time to open a stream, and N streams open at once with the allocator's heap
 * and RSS before and during. Last, {@link ProxiedRequests}: a participant's HTTP requests through
 * the app proxy against the same requests straight to the app.
 */
final class TunnelBench {
    private static final int MESSAGE_BYTES = 64;
    private static final int WRITE_BYTES = 64 * 1024;

    private final int megabytes;
    private final int roundTrips;
    private final int opens;
    private final int streams;
    private final int httpRequests;

    TunnelBench(int megabytes, int roundTrips, int opens, int streams, int httpRequests) {
        this.megabytes = megabytes;
        this.roundTrips = roundTrips;
        this.opens = opens;
        this.streams = streams;
        this.httpRequests = httpRequests;
    }

    Result run(BenchDatabase database) throws Exception {
        Result result = new Result("tunnel");
        try (MachinePorts ports = new MachinePorts(); ProxiedRequests.TinyApp app = new ProxiedRequests.TinyApp()) {
            String yaml = """
                    session:
                      apps:
                        - {name: echo, port: %d}
                        - {name: source, port: %d}
                        - {name: sink, port: %d}
                        - {name: %s, port: %d}
                    """.formatted(ports.echo.getLocalPort(), ports.source.getLocalPort(), ports.sink.getLocalPort(),
                    ProxiedRequests.APP, app.port());
            try (AllocatorProcess allocator = new AllocatorProcess("a", database, yaml);
                 HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
                String token = database.seedReadyMachines("tunnel", 1).getFirst();
                long machineId = database.jdbc.sql("SELECT id FROM machines WHERE name = 'tunnel-1'").query(Long.class).single();
                Path machineDir = Files.createTempDirectory("lablink-bench-machine-");
                Agent agent = new Agent(new AgentSettings(URI.create(allocator.url("/")), token, "tunnel-1", machineDir, Duration.ofSeconds(30),
                        machineDir.resolve("no-nvidia-smi").toString(), machineDir.resolve("no-start-host").toString()));
                Thread agentThread = Thread.ofVirtual().name("bench-agent").start(agent::runUntilStopped);
                try {
                    awaitTunnel(database, machineId);
                    String secret = forwardingSecret(database);
                    Opener opener = port -> TunnelForwarder.connect(allocator.url(""), "bench", secret, machineId, "tunnel-1", port, "admin:bench");
                    // warm-up, unmeasured: the same kinds of work, smaller
                    download(opener, ports, Math.min(megabytes, 200));
                    upload(opener, ports, Math.min(megabytes, 200));
                    roundTrips(opener.open(ports.echo.getLocalPort()), Math.min(roundTrips, 500));
                    directRoundTrips(ports, Math.min(roundTrips, 500));

                    result.put("megabytes", megabytes);
                    result.put("download_mb_per_s", download(opener, ports, megabytes));
                    result.put("upload_mb_per_s", upload(opener, ports, megabytes));
                    Latencies tunnelled;
                    try (TunnelStream stream = opener.open(ports.echo.getLocalPort())) {
                        tunnelled = roundTrips(stream, roundTrips);
                    }
                    Latencies direct = directRoundTrips(ports, roundTrips);
                    result.put("round_trips", roundTrips);
                    result.put("round_trip_tunnel_p50_ms", tunnelled.percentileMs(50));
                    result.put("round_trip_tunnel_p99_ms", tunnelled.percentileMs(99));
                    result.put("round_trip_direct_p50_ms", direct.percentileMs(50));
                    result.put("round_trip_direct_p99_ms", direct.percentileMs(99));
                    result.put("added_p50_ms", tunnelled.percentileMs(50) - direct.percentileMs(50));
                    result.put("added_p99_ms", tunnelled.percentileMs(99) - direct.percentileMs(99));
                    Latencies opened = opens(opener, ports);
                    result.put("opens", opens);
                    result.put("open_p50_ms", opened.percentileMs(50));
                    result.put("open_p99_ms", opened.percentileMs(99));
                    concurrent(opener, ports, allocator, result);
                    // last: the participant's claim makes the machine theirs
                    new ProxiedRequests(httpRequests).run(allocator, "tunnel-1", app, result);
                } finally {
                    agent.stop();
                    agentThread.join(Duration.ofSeconds(10));
                }
            }
        }
        return result;
    }

    @FunctionalInterface
    private interface Opener {
        TunnelStream open(int port) throws TunnelUnavailableException;
    }

    private static void awaitTunnel(BenchDatabase database, long machineId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (database.jdbc.sql("SELECT count(*) FROM machine_tunnels WHERE machine_id = :id").param("id", machineId).query(Integer.class).single() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the agent's tunnel did not open within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** The allocators' shared secret, as the first allocator to need it would make it. */
    private static String forwardingSecret(BenchDatabase database) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        database.jdbc.sql("INSERT INTO tunnel_forwarding_secret (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                .param("secret", Base64.getUrlEncoder().withoutPadding().encodeToString(random)).update();
        return database.jdbc.sql("SELECT secret FROM tunnel_forwarding_secret WHERE id = 1").query(String.class).single();
    }

    /** MB/s of {@code mb} megabytes from the source port, read through one stream. */
    private static double download(Opener opener, MachinePorts ports, int mb) throws Exception {
        ports.sourceBytes = (long) mb * 1024 * 1024;
        long start = System.nanoTime();
        long read = 0;
        try (TunnelStream stream = opener.open(ports.source.getLocalPort())) {
            byte[] buffer = new byte[WRITE_BYTES];
            InputStream in = stream.input();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        }
        if (read != ports.sourceBytes) {
            throw new IllegalStateException("the source sent " + ports.sourceBytes + " bytes; " + read + " arrived");
        }
        return mbPerSecond(read, System.nanoTime() - start);
    }

    /** MB/s of {@code mb} megabytes written through one stream until the sink has counted them all (it answers one byte then). */
    private static double upload(Opener opener, MachinePorts ports, int mb) throws Exception {
        long total = (long) mb * 1024 * 1024;
        ports.sinkExpects = total;
        byte[] chunk = new byte[WRITE_BYTES];
        long start = System.nanoTime();
        try (TunnelStream stream = opener.open(ports.sink.getLocalPort())) {
            OutputStream out = stream.output();
            for (long sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
            }
            out.flush();
            if (stream.input().read() < 0) {
                throw new IllegalStateException("the sink closed before it had counted " + total + " bytes");
            }
        }
        return mbPerSecond(total, System.nanoTime() - start);
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1024.0 / 1024.0 / (nanos / 1e9);
    }

    private static Latencies roundTrips(TunnelStream stream, int count) throws IOException {
        try (stream) {
            return roundTrips(stream.input(), stream.output(), count);
        }
    }

    private static Latencies directRoundTrips(MachinePorts ports, int count) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports.echo.getLocalPort())) {
            socket.setTcpNoDelay(true);
            return roundTrips(socket.getInputStream(), socket.getOutputStream(), count);
        }
    }

    private static Latencies roundTrips(InputStream in, OutputStream out, int count) throws IOException {
        byte[] message = new byte[MESSAGE_BYTES];
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            out.write(message);
            out.flush();
            if (in.readNBytes(MESSAGE_BYTES).length != MESSAGE_BYTES) {
                throw new IOException("the echo ended after " + i + " round trips");
            }
            nanos[i] = System.nanoTime() - start;
        }
        return new Latencies(nanos);
    }

    /** From asking for a stream until its first small message came back from the port. */
    private Latencies opens(Opener opener, MachinePorts ports) throws Exception {
        long[] nanos = new long[opens];
        for (int i = 0; i < opens; i++) {
            long start = System.nanoTime();
            try (TunnelStream stream = opener.open(ports.echo.getLocalPort())) {
                roundTrips(stream.input(), stream.output(), 1);
                nanos[i] = System.nanoTime() - start;
            }
        }
        return new Latencies(nanos);
    }

    /** N streams held open at once, each with a round trip after all are open; the allocator's footprint before and while they are. */
    private void concurrent(Opener opener, MachinePorts ports, AllocatorProcess allocator, Result result) throws Exception {
        AllocatorProcess.Footprint before = allocator.footprint();
        CountDownLatch allOpen = new CountDownLatch(streams);
        CountDownLatch measured = new CountDownLatch(1);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                boolean counted = false;
                try (TunnelStream stream = opener.open(ports.echo.getLocalPort())) {
                    roundTrips(stream.input(), stream.output(), 1);
                    allOpen.countDown();
                    counted = true;
                    measured.await(5, TimeUnit.MINUTES);
                    roundTrips(stream.input(), stream.output(), 1);
                    completed.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                } finally {
                    if (!counted) {
                        allOpen.countDown();
                    }
                }
            }));
        }
        allOpen.await(5, TimeUnit.MINUTES);
        int machineConnections = ports.echoConnections.get();
        AllocatorProcess.Footprint during = allocator.footprint();
        measured.countDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(1));
        }
        result.put("streams", streams);
        result.put("streams_completed", completed.get());
        result.put("streams_failed", failed.get());
        if (firstFailure.get() != null) {
            result.put("first_failure", firstFailure.get());
        }
        result.put("port_connections_while_open", machineConnections);
        result.put("heap_after_gc_before_mb", before.heapAfterGcMb());
        result.put("heap_after_gc_during_mb", during.heapAfterGcMb());
        result.put("rss_before_mb", before.rssMb());
        result.put("rss_during_mb", during.rssMb());
        result.put("threads_before", before.threads());
        result.put("threads_during", during.threads());
    }

    /** The machine's side: an echo, a source of {@link #sourceBytes} bytes, a sink that answers one byte once it has {@link #sinkExpects}. */
    private static final class MachinePorts implements AutoCloseable {
        final ServerSocket echo = listen();
        final ServerSocket source = listen();
        final ServerSocket sink = listen();
        final AtomicInteger echoConnections = new AtomicInteger();
        volatile long sourceBytes;
        volatile long sinkExpects;

        MachinePorts() {
            serve(echo, this::echoBack);
            serve(source, this::sendAll);
            serve(sink, this::count);
        }

        private static ServerSocket listen() {
            try {
                return new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void serve(ServerSocket server, Consumer<Socket> handler) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        socket.setTcpNoDelay(true);
                        Thread.ofVirtual().start(() -> {
                            try (socket) {
                                handler.accept(socket);
                            } catch (IOException ignored) {
                                // closed
                            }
                        });
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void echoBack(Socket socket) {
            echoConnections.incrementAndGet();
            try {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (IOException ignored) {
                // the stream ended
            } finally {
                echoConnections.decrementAndGet();
            }
        }

        private void sendAll(Socket socket) {
            byte[] chunk = new byte[WRITE_BYTES];
            try {
                OutputStream out = socket.getOutputStream();
                for (long sent = 0; sent < sourceBytes; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, sourceBytes - sent));
                }
            } catch (IOException ignored) {
                // the stream ended
            }
        }

        private void count(Socket socket) {
            byte[] buffer = new byte[WRITE_BYTES];
            long counted = 0;
            boolean answered = false;
            try {
                InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    counted += n;
                    if (!answered && counted >= sinkExpects) {
                        socket.getOutputStream().write(1);
                        answered = true;
                    }
                }
            } catch (IOException ignored) {
                // the stream ended
            }
        }

        @Override
        public void close() throws IOException {
            echo.close();
            source.close();
            sink.close();
        }
    }
}
