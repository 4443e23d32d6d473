package dev.lablink.agent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's loop: register, open the tunnel, long-poll for an assignment, run the session, report IN_USE. When
 * the allocator is away it backs off with jitter and tries again (forever, unless
 * {@link AgentSettings#giveUpAfter()} bounds it); its token lives in the allocator's database, so it
 * reconnects after any allocator restart. An allocator that refuses the token ends the agent.
 */
public class Agent {
    public static final String VERSION = "0.1.0";
    /**
     * The agent API this agent speaks, sent at registration. Version 1: agents from before it was sent.
     * Raise it when the agent starts relying on something an older allocator does not answer.
     */
    public static final int PROTOCOL_VERSION = 2;

    private final AgentSettings settings;
    private final AllocatorClient client;
    private volatile SessionRuntime session;
    private final HeartbeatSender heartbeats;
    private final LogShipper logs;
    private final GpuSampler gpus;
    private final CrdHost crd;
    private final TunnelClient tunnel;
    private final Instant startedAt = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
    private volatile boolean running = true;
    private boolean registered;
    private volatile Long currentClaim;
    private String currentRevision;
    private String pendingState;
    private String pendingReason;
    private String startupError;
    /** The first preparing step that failed (clone, pull), in words: the machine's FAILED reason. */
    private String preparationError;
    private boolean prepared;
    /** The preparing steps done, for the allocator's events: step, detail, seconds. */
    private final java.util.List<Map<String, Object>> preparation = new java.util.ArrayList<>();
    private Instant unreachableSince;
    private AllocatorClient.SshOrders ssh;
    private String participantKey;
    private String writtenKeys;
    private String currentCrdCode;

    public Agent(AgentSettings settings) {
        this.settings = settings;
        this.client = new AllocatorClient(settings);
        this.session = new SessionRunner(settings.workDir());
        this.logs = new LogShipper(client, settings.workDir());
        this.gpus = new GpuSampler(client, settings.nvidiaSmi());
        this.crd = new CrdHost(settings.crdStartHost(), settings.machineName(), settings.workDir());
        this.tunnel = new TunnelClient(settings);
        this.heartbeats = new HeartbeatSender(client, settings.workDir(), () -> currentClaim == null ? null : session.isRunning());
    }

    /** Runs until stopped; returns false when the allocator rejected this machine's token. */
    public boolean runUntilStopped() {
        log("starting for machine " + settings.machineName() + ", allocator " + settings.allocatorUrl());
        while (running) {
            try {
                step();
                backoff.reset();
                unreachableSince = null;
            } catch (AllocatorClient.TokenRejectedException e) {
                log(e.getMessage() + "; stopping");
                stop();
                return false;
            } catch (IOException e) {
                registered = false;
                if (unreachableSince == null) {
                    unreachableSince = Instant.now();
                }
                if (settings.giveUpAfter() != null && Duration.between(unreachableSince, Instant.now()).compareTo(settings.giveUpAfter()) > 0) {
                    log("allocator unreachable for more than " + settings.giveUpAfter().toSeconds() + " s (" + AgentSettings.GIVE_UP_VARIABLE
                            + "); it is gone for good, stopping with the session");
                    stop();
                    return false;
                }
                Duration pause = backoff.next();
                log("allocator unreachable (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); retrying in " + pause.toMillis() + " ms");
                sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    private void step() throws IOException, InterruptedException {
        if (!registered) {
            if (!prepared) {
                prepare();
                prepared = true;
            }
            AllocatorClient.Orders orders = client.register(facts());
            startTelemetry(orders);
            tunnel.setPorts(orders.tunnelPorts());
            tunnel.startOnce();
            ssh = orders.ssh();
            use(SessionRuntimes.choose(settings, orders.session(), orders.tunnelPorts(), session));
            // the apps' ports; sshd's is left alone, as it logs each bare connection as an error
            heartbeats.setPorts(orders.tunnelPorts().stream().filter(port -> ssh == null || port != ssh.port()).toList());
            writeAuthorizedKeys();
            registered = true;
            log("registered");
        }
        if (pendingState != null) {
            client.reportState(pendingState, currentClaim, pendingReason);
            log("reported " + pendingState);
            pendingState = null;
            pendingReason = null;
        }
        Optional<Assignment> next = client.awaitAssignment(currentClaim, currentRevision);
        next.ifPresent(this::apply);
    }

    /**
     * Readies the machine before it registers (and so becomes READY): the orders, then the
     * repository's clone, the startup script (after the clone, so it may use it) and the runtime's
     * preparation (the image's pull); the first that fails is the machine's FAILED reason. An
     * allocator without the orders call gets the startup script alone, as before. Heartbeats start
     * with the orders, so that a long pull counts as the agent being alive.
     */
    private void prepare() throws IOException, InterruptedException {
        Optional<AllocatorClient.Orders> orders = client.orders(startedAt);
        orders.ifPresent(this::startTelemetry);
        SessionOrders sessionOrders = orders.map(AllocatorClient.Orders::session).orElse(SessionOrders.NONE);
        if (orders.isPresent()) {
            use(SessionRuntimes.choose(settings, sessionOrders, orders.get().tunnelPorts(), session));
        }
        if (sessionOrders.repository() != null) {
            RepositoryClone clone = new RepositoryClone(sessionOrders.repository(), sessionOrders.ref(), session.filesDirectory(settings.workDir()), settings.workDir());
            Instant start = Instant.now();
            preparationError = clone.cloneOnce().orElse(null);
            if (preparationError != null) {
                log(preparationError);
                return;
            }
            done("cloned", Redact.userInfo(sessionOrders.repository()) + (sessionOrders.ref() == null ? "" : " at " + sessionOrders.ref())
                    + " into " + clone.target(), start);
        }
        startupError = StartupScript.fromEnvironment(System.getenv(), settings.workDir()).flatMap(this::runStartupScript).orElse(null);
        if (startupError != null) {
            return;
        }
        Instant start = Instant.now();
        preparationError = session.prepare(sessionOrders).orElse(null);
        if (preparationError != null) {
            log(preparationError);
        } else if (session instanceof ContainerSession container && sessionOrders.prePull()) {
            done("pulled", container.image(), start);
        }
    }

    private void done(String step, String detail, Instant start) {
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        log(step + " " + detail + " in " + seconds + " s");
        preparation.add(Map.of("step", step, "detail", detail, "seconds", seconds));
    }

    private void startTelemetry(AllocatorClient.Orders orders) {
        heartbeats.setInterval(orders.heartbeat());
        heartbeats.setSoftware(orders.session().software());
        heartbeats.startOnce();
        logs.configure(orders.logFiles(), orders.logSpoolMaxBytes());
        logs.startOnce();
        gpus.setInterval(orders.gpuSample());
        gpus.startOnce();
    }

    private void use(SessionRuntime chosen) {
        if (chosen != session) {
            session.stop();
            session = chosen;
            log("sessions run as " + session.describe());
        }
    }

    private void apply(Assignment assignment) {
        if (assignment.isReleased()) {
            log("seat released; stopping the session");
            session.stop();
            currentClaim = null;
            currentRevision = null;
            currentCrdCode = null;
            participantKey = null;
            writeAuthorizedKeys();
            return;
        }
        participantKey = assignment.sshPublicKey();
        writeAuthorizedKeys();
        if (assignment.claimId().equals(currentClaim)) {
            renewCrd(assignment);
            return;
        }
        currentClaim = assignment.claimId();
        currentRevision = assignment.revision();
        log("assigned claim " + assignment.claimId() + "; starting " + assignment.command());
        try {
            if (assignment.hasCrd()) {
                crd.register(assignment.crdCode(), assignment.crdPin());
                currentCrdCode = assignment.crdCode();
                log("registered with the participant's Chrome Remote Desktop");
            }
        } catch (IOException e) {
            pendingState = "FAILED";
            pendingReason = "Chrome Remote Desktop start-host failed: " + e.getMessage();
            log(pendingReason);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            session.start(assignment);
            pendingState = "IN_USE";
        } catch (IOException e) {
            pendingState = "FAILED";
            pendingReason = session instanceof ContainerSession ? e.getMessage()
                    : "session command " + assignment.command() + " could not start: " + e.getMessage();
            log(pendingReason);
        }
    }

    /**
     * Writes the admins' keys and the participant's (if they pasted one) to session.ssh.authorized_keys
     * when the session runs sshd and they differ from what was written last.
     */
    private void writeAuthorizedKeys() {
        if (ssh == null) {
            return;
        }
        String wanted = String.join("\n", ssh.adminKeys()) + "\n" + participantKey + "\n" + ssh.authorizedKeys();
        if (wanted.equals(writtenKeys)) {
            return;
        }
        AuthorizedKeys file = AuthorizedKeys.at(ssh.authorizedKeys(), settings.workDir(), java.nio.file.Path.of(System.getProperty("user.home")));
        try {
            file.write(ssh.adminKeys(), participantKey);
            writtenKeys = wanted;
            log("wrote " + (participantKey == null ? "no participant key" : "the participant's ssh key") + " and "
                    + ssh.adminKeys().size() + " admin key(s) to " + file.file());
        } catch (IOException | UnsupportedOperationException e) {
            log("could not write ssh keys to " + file.file() + ": " + e.getMessage());
        }
    }

    /** The same claim with a new CRD code (the participant re-submitted one): register again, keep the session. */
    private void renewCrd(Assignment assignment) {
        currentRevision = assignment.revision();
        if (!assignment.hasCrd() || assignment.crdCode().equals(currentCrdCode)) {
            return; // the revision moved for another reason (a new ssh key): the host stays registered
        }
        try {
            crd.register(assignment.crdCode(), assignment.crdPin());
            currentCrdCode = assignment.crdCode();
            log("registered again with the participant's new Chrome Remote Desktop code");
        } catch (IOException e) {
            log("Chrome Remote Desktop start-host failed for the new code: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the agent tells the allocator when it registers. */
    Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", settings.machineName());
        facts.put("agent_version", VERSION);
        facts.put("protocol_version", PROTOCOL_VERSION);
        facts.put("pid", ProcessHandle.current().pid());
        facts.put("started_at", startedAt.toString());
        if (startupError != null) {
            facts.put("startup_error", startupError);
        }
        if (preparationError != null) {
            facts.put("preparation_error", preparationError);
        }
        if (!preparation.isEmpty()) {
            facts.put("prepared", preparation);
        }
        return facts;
    }

    private Optional<String> runStartupScript(StartupScript script) {
        try {
            return script.runOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Tunnel streams this agent is copying now (0 when every one has ended and let go of its port's connection). */
    public int openTunnelStreams() {
        return tunnel.openStreams();
    }

    public void stop() {
        running = false;
        heartbeats.stop();
        logs.stop();
        gpus.stop();
        tunnel.stop();
        session.stop();
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    static void log(String message) {
        System.out.println(Instant.now() + " lablink-agent: " + message);
    }
}
