package dev.lablink.server.agentapi;

import dev.lablink.server.api.Quote;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.LogsSettings;
import dev.lablink.core.config.SshSettings;
import dev.lablink.core.config.TelemetrySettings;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineLifecycle;
import dev.lablink.server.machines.MachineRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The API agents call with their machine token: register, long-poll for an assignment, report state; what those do is {@link MachineLifecycle}'s. */
@RestController
@RequestMapping("/api/v1/agent")
public class AgentController {
    private static final long MAX_WAIT_SECONDS = 120;
    private static final java.util.regex.Pattern REVISION = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,64}");

    private final MachineRepository machines;
    private final MachineLifecycle lifecycle;
    private final AssignmentWaiters waiters;
    private final TelemetrySettings telemetry;
    private final LogsSettings logs;
    private final List<Integer> tunnelPorts;
    private final SshOrders ssh;
    private final LabLinkConfig config;
    private final SessionCommand sessionCommand;

    public AgentController(MachineRepository machines, MachineLifecycle lifecycle, AssignmentWaiters waiters, LabLinkConfig config,
                           SessionCommand sessionCommand) {
        this.machines = machines;
        this.lifecycle = lifecycle;
        this.waiters = waiters;
        this.telemetry = config.telemetry();
        this.logs = config.logs();
        this.tunnelPorts = config.session().tunnelPorts();
        SshSettings settings = config.session().ssh();
        this.ssh = settings.isEnabled() ? new SshOrders(settings.port(), settings.authorizedKeys(), settings.adminKeys()) : null;
        this.config = config;
        this.sessionCommand = sessionCommand;
    }

    /**
     * {@code started_at}: when the agent process started, which splits boot time from agent start-up;
     * {@code startup_error}: how the startup script failed; {@code preparation_error}: the first
     * preparing step that failed, in words (a clone, a pull); {@code prepared}: the steps done.
     * {@code protocol_version}: the agent API the agent speaks (absent: an agent of version 1).
     */
    public record Registration(String hostname, String agentVersion, Long pid, String startupError, Instant startedAt,
                               String preparationError, List<PreparedStep> prepared, Integer protocolVersion) {
    }

    /** One preparing step the agent did before registering: {@code cloned} or {@code pulled}, what, and how long it took. */
    public record PreparedStep(String step, String detail, Double seconds) {
    }

    public record StateReport(String state, Long claimId, String reason) {
    }

    /**
     * Also the agent's orders: how often to send heartbeats ({@code telemetry.heartbeat_seconds}),
     * which files to ship besides its own ({@code logs.files}), how much to keep on disk meanwhile,
     * how often to sample GPUs, the ports its tunnel may open streams to (the session's apps and ssh),
     * when the session runs sshd, where to write the keys that may log in (null: no ssh), and how to
     * prepare and run the session ({@link SessionOrders}; agents of protocol 1 ignore it).
     */
    public record MachineStatus(String name, String state, int heartbeatSeconds, List<String> logFiles, long logSpoolMaxBytes,
                                int gpuSampleSeconds, List<Integer> tunnelPorts, SshOrders ssh, SessionOrders session) {
    }

    /**
     * {@code session.ssh} as the agent needs it: sshd's port (which it does not probe: sshd logs
     * every bare connection as an error), the {@code authorized_keys} file (still with {@code ~} and
     * {@code {work_dir}}, which only the agent can resolve) and the admins' keys, which it writes
     * there together with the participant's.
     */
    public record SshOrders(int port, String authorizedKeys, List<String> adminKeys) {
    }

    /** The agent is up; see {@link MachineLifecycle#agentRegistered}. */
    @PostMapping("/register")
    public MachineStatus register(@AuthenticationPrincipal MachinePrincipal principal,
                                  @RequestBody(required = false) Registration registration) {
        lifecycle.agentRegistered(machine(principal), registration == null ? MachineLifecycle.AgentStart.NOTHING
                : new MachineLifecycle.AgentStart(registration.agentVersion(), registration.startedAt(), registration.startupError(),
                registration.preparationError(), steps(registration.prepared()),
                registration.protocolVersion() == null ? MachineLifecycle.AgentStart.FIRST_PROTOCOL : registration.protocolVersion()));
        return status(principal);
    }

    /**
     * The orders without registering, for an agent that prepares its machine first (clone, pull);
     * no state change, but the call counts as the agent being alive (see {@link MachineLifecycle#agentPreparing}).
     */
    @GetMapping("/orders")
    public MachineStatus orders(@AuthenticationPrincipal MachinePrincipal principal,
                                @RequestParam(name = "started_at", required = false) String startedAt) {
        Instant started = null;
        if (startedAt != null) {
            try {
                started = Instant.parse(startedAt);
            } catch (java.time.format.DateTimeParseException e) {
                throw new BadRequestException("started_at", "started_at must be an instant like 2026-01-31T09:30:00Z");
            }
        }
        lifecycle.agentPreparing(machine(principal), started);
        return status(principal);
    }

    private static List<MachineLifecycle.PreparedStep> steps(List<PreparedStep> prepared) {
        if (prepared == null) {
            return List.of();
        }
        return prepared.stream().filter(step -> step != null && step.step() != null)
                .limit(10)
                .map(step -> new MachineLifecycle.PreparedStep(step.step(), step.detail(), step.seconds()))
                .toList();
    }

    @GetMapping("/assignment")
    public DeferredResult<ResponseEntity<AssignmentView>> assignment(@AuthenticationPrincipal MachinePrincipal principal,
                                                                     @RequestParam(name = "current", required = false) Long current,
                                                                     @RequestParam(name = "revision", required = false) String revision,
                                                                     @RequestParam(name = "wait", defaultValue = "60") long waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new BadRequestException("wait", "wait must be from 0 to " + MAX_WAIT_SECONDS + " seconds");
        }
        if (revision != null && !REVISION.matcher(revision).matches()) {
            throw new BadRequestException("revision", "revision must be the revision of a previous answer (1 to 64 letters and digits)");
        }
        return waiters.await(principal.machineId(), new AssignmentWaiters.Known(current, revision), Duration.ofSeconds(waitSeconds));
    }

    /** The agent reports IN_USE once the session runs, or FAILED with the reason. */
    @PostMapping("/state")
    public MachineStatus state(@AuthenticationPrincipal MachinePrincipal principal, @RequestBody StateReport report) {
        Machine machine = machine(principal);
        if (report.state() == null) {
            throw new BadRequestException("state", "state is required: IN_USE or FAILED");
        }
        switch (report.state()) {
            case "IN_USE" -> {
                if (report.claimId() == null) {
                    throw new BadRequestException("claim_id", "claim_id is required with IN_USE: the claim the session serves");
                }
                AssignmentView current = waiters.current(machine.id());
                if (!report.claimId().equals(current.claimId())) {
                    throw new BadRequestException("claim_id", "claim " + report.claimId() + " is not this machine's current claim");
                }
                lifecycle.agentSessionStarted(machine, current.email());
            }
            case "FAILED" -> lifecycle.agentFailed(machine, report.reason());
            default -> throw new BadRequestException("state", "state " + Quote.of(report.state()) + " cannot be reported by an agent; use IN_USE or FAILED");
        }
        return status(principal);
    }

    private MachineStatus status(MachinePrincipal principal) {
        Machine now = machine(principal);
        return new MachineStatus(now.name(), now.state().name(), telemetry.heartbeatSeconds(),
                logs.files(), logs.spoolMaxMb() * 1024L * 1024L, telemetry.gpuSampleSeconds(), tunnelPorts, ssh, SessionOrders.of(config, sessionCommand.imageFor(now.name())));
    }

    private Machine machine(MachinePrincipal principal) {
        return machines.findById(principal.machineId()).orElseThrow();
    }

}
