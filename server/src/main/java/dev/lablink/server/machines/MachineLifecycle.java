package dev.lablink.server.machines;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.events.EventRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What a machine's own word does to its state, in both protocols it may speak (our agent's and
 * LabLink's client images'). The decisions live here so that controllers only translate HTTP and a
 * new state a machine reports itself into (SUSPENDED, for personal machines) is added in one place; the SQL is
 * {@link MachineRepository}'s, written by {@link MachineTransitions}.
 *
 * <p>The two protocols differ on purpose: an agent's report its machine's state does not allow is
 * refused ({@link MachineService#move}), while a client's is ignored, as LabLink itself does.
 */
@Service
public class MachineLifecycle {
    private final MachineRepository machines;
    private final MachineService service;
    private final EventRepository events;
    /** {@code session.software}: the process whose presence means "in use" (null: the session itself does). */
    private final String software;

    public MachineLifecycle(MachineRepository machines, MachineService service, EventRepository events, LabLinkConfig config) {
        this.machines = machines;
        this.service = service;
        this.events = events;
        this.software = config.session().software();
    }

    /**
     * What the agent says when it starts; {@code startedAt}: when its process started (splits boot
     * time from agent start-up); {@code preparationError}: the first preparing step that failed (a
     * clone, a pull), in words; {@code prepared}: the steps it did. {@code protocolVersion}: the agent
     * API it speaks; agents from before versioning send none and speak version 1, which the allocator
     * keeps answering as it did (newer answers only add fields, which agents ignore).
     */
    public record AgentStart(String agentVersion, Instant startedAt, String startupError, String preparationError, List<PreparedStep> prepared,
                             int protocolVersion) {
        public static final int FIRST_PROTOCOL = 1;
        public static final AgentStart NOTHING = new AgentStart(null, null, null, null, List.of(), FIRST_PROTOCOL);

        public AgentStart(String agentVersion, Instant startedAt, String startupError) {
            this(agentVersion, startedAt, startupError, null, List.of(), FIRST_PROTOCOL);
        }
    }

    /** A preparing step ({@code cloned}, {@code pulled}), what it was and how long it took. */
    public record PreparedStep(String step, String detail, Double seconds) {
    }

    /**
     * The agent asked for its orders to prepare the machine (clone, pull) before registering. No
     * state change; it counts as the agent being alive: the boot timeout runs from its last word
     * (this call, then its heartbeats) rather than from the machine's creation, so a long pull does
     * not fail the machine while an agent that dies meanwhile still does.
     */
    public void agentPreparing(Machine machine, Instant startedAt) {
        machines.touch(machine.id(), null);
        if ((machine.state() == MachineState.PROVISIONING || machine.state() == MachineState.BOOTING) && machine.agentStartedAt() == null) {
            machines.recordAgentStart(machine.id(), startedAt != null ? startedAt : Instant.now());
        }
    }

    /**
     * The agent is up. A machine still starting becomes READY (FAILED when a preparing step or its
     * startup script failed, with that reason); any other state is kept (a reconnect).
     */
    public void agentRegistered(Machine machine, AgentStart start) {
        machines.touch(machine.id(), start.agentVersion());
        String actor = agent(machine);
        if (machine.state() == MachineState.PROVISIONING) {
            machines.transition(machine.id(), MachineState.BOOTING, "agent started before the provider returned", actor);
        }
        if (machine.state() == MachineState.PROVISIONING || machine.state() == MachineState.BOOTING) {
            if (start.startedAt() != null && machine.agentStartedAt() == null) {
                machines.recordAgentStart(machine.id(), start.startedAt());
            }
            for (PreparedStep step : start.prepared()) {
                events.record(actor, machine.id(), "PREPARED", step.step() + " " + agentWords(step.detail())
                        + (step.seconds() == null ? "" : " in " + String.format(java.util.Locale.ROOT, "%.1f", step.seconds()) + " s"));
            }
            if (start.preparationError() != null && !start.preparationError().isBlank()) {
                machines.transition(machine.id(), MachineState.FAILED, agentWords(start.preparationError()), actor);
            } else if (start.startupError() != null && !start.startupError().isBlank()) {
                machines.transition(machine.id(), MachineState.FAILED, "startup script failed: " + start.startupError(), actor);
            } else {
                machines.transition(machine.id(), MachineState.READY, start.protocolVersion() <= AgentStart.FIRST_PROTOCOL
                        ? "agent registered (an agent of protocol 1, from before this allocator's version)" : "agent registered", actor);
            }
        }
    }

    /** The agent runs the session of {@code email} (the caller checked it serves the machine's current claim). */
    public void agentSessionStarted(Machine machine, String email) {
        machines.touch(machine.id(), null);
        if (software != null) {
            // IN_USE waits for the software itself (a heartbeat that sees it running)
            events.record(agent(machine), machine.id(), "SESSION_STARTED", "session started for " + email + "; IN_USE once " + software + " runs");
            return;
        }
        if (machine.state() != MachineState.IN_USE) {
            service.move(machine, MachineState.IN_USE, "session started for " + email, agent(machine));
        }
    }

    /** The agent reports its machine failed; {@code reason} in its words, if it gave any. */
    public void agentFailed(Machine machine, String reason) {
        machines.touch(machine.id(), null);
        service.move(machine, MachineState.FAILED, reason == null || reason.isBlank() ? "the agent reported a failure" : reason, agent(machine));
    }

    /**
     * What a heartbeat says that matters to the lifecycle: the kernel's boot id, whether the session
     * runs (null: no session) and whether session.software runs (null: none configured, or not said).
     */
    public record Beat(String bootId, Boolean sessionAlive, Boolean softwareRunning) {
        public Beat(String bootId, Boolean sessionAlive) {
            this(bootId, sessionAlive, null);
        }
    }

    /**
     * An agent's heartbeat (already stored; {@code previous}: what the one before said). Brings an
     * UNREACHABLE machine back, and records a reboot or a session that ended as events for the admin.
     *
     * @return the machine as it is now
     */
    public Machine agentHeartbeat(long machineId, String actor, Beat previous, Beat now) {
        heardFrom(machineId, actor);
        if (previous.bootId() != null && now.bootId() != null && !previous.bootId().equals(now.bootId())) {
            events.record(actor, machineId, "REBOOTED", "the machine rebooted (boot id " + previous.bootId() + " → " + now.bootId() + ")");
        }
        Machine machine = machines.findById(machineId).orElseThrow();
        if (Boolean.TRUE.equals(previous.sessionAlive()) && Boolean.FALSE.equals(now.sessionAlive())
                && machine.state() == MachineState.IN_USE) {
            events.record(actor, machineId, "SESSION_EXITED", "the session of " + machine.assignedEmail() + " is no longer running");
        }
        return softwareSeen(machine, now.softwareRunning(), actor);
    }

    /**
     * With {@code session.software} set, a claimed machine is IN_USE only while that process runs
     * (LabLink's in-use status): ASSIGNED → IN_USE when it appears, back to ASSIGNED when it ends.
     */
    private Machine softwareSeen(Machine machine, Boolean running, String actor) {
        if (software == null || running == null) {
            return machine;
        }
        MachineState to = running && machine.state() == MachineState.ASSIGNED ? MachineState.IN_USE
                : !running && machine.state() == MachineState.IN_USE ? MachineState.ASSIGNED : null;
        if (to == null || machines.transition(machine.id(), to, software + (running ? " is running" : " is no longer running"), actor).isEmpty()) {
            return machine;
        }
        return machines.findById(machine.id()).orElse(machine);
    }

    /** Any word from the machine means it is alive: one that went quiet returns to the state it left. */
    public void heardFrom(long machineId, String actor) {
        machines.returnFromUnreachable(machineId, actor);
    }

    /** The status words of LabLink's client protocol. */
    public enum ClientStatus { INITIALIZING, RUNNING, ERROR, UNKNOWN, REBOOTING }

    /** A LabLink client's status: initializing → BOOTING (where it registered), running → READY, rebooting → BOOTING, error → FAILED. */
    public void clientReported(Machine machine, ClientStatus status) {
        String actor = client(machine);
        heardFrom(machine.id(), actor);
        switch (status) {
            case INITIALIZING, UNKNOWN -> {
                // BOOTING already, or nothing to learn
            }
            case RUNNING -> machines.transition(machine.id(), MachineState.READY, "the client reports running", actor);
            case REBOOTING -> machines.transition(machine.id(), MachineState.BOOTING, "the client reports rebooting", actor);
            case ERROR -> machines.transition(machine.id(), MachineState.FAILED, "the client reports an error", actor);
        }
        machines.touch(machine.id(), null);
    }

    /** A LabLink client sees the participant's software running, or no longer: IN_USE once, then an event when it stops. */
    public void clientInUse(Machine machine, boolean inUse) {
        if (inUse && machine.state() == MachineState.ASSIGNED) {
            machines.transition(machine.id(), MachineState.IN_USE, "the client sees the software running", client(machine));
        } else if (!inUse && machine.state() == MachineState.IN_USE) {
            events.record(client(machine), machine.id(), "SESSION_EXITED", "the client no longer sees the software running");
        }
    }

    /** A machine whose agent never registered within {@code timeout} (telemetry.boot_timeout_seconds) will not: FAILED. */
    public void neverRegistered(long machineId, Duration timeout) {
        machines.transition(machineId, MachineState.FAILED,
                "its agent did not register within " + timeout.toSeconds() + " s (telemetry.boot_timeout_seconds)", "system:watchdog");
    }

    /**
     * An agent's words for a reason or an event: one line, at most 500 characters, and never a
     * credential in an address ({@code https://user:token@host} loses its {@code user:token}).
     */
    static String agentWords(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}", " ").replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1***@").strip();
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    private static String agent(Machine machine) {
        return "agent:" + machine.name();
    }

    private static String client(Machine machine) {
        return "client:" + machine.name();
    }
}
