package dev.lablink.server.compat;

import dev.lablink.server.api.Quote;
import static dev.lablink.server.compat.CompatBodies.error;
import static dev.lablink.server.compat.CompatBodies.message;
import static dev.lablink.server.compat.CompatBodies.off;
import static dev.lablink.server.compat.CompatBodies.text;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.agentapi.AssignmentView;
import dev.lablink.server.agentapi.AssignmentWaiters;
import dev.lablink.server.allocation.ClaimService;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineLifecycle;
import dev.lablink.server.machines.MachineRepository;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The machine-facing routes of LabLink's client protocol (see shared/reference), as a thin adapter
 * over the same machines, claims and long polls as {@code /api/v1}. What a status word does to the
 * machine is {@link MachineLifecycle#clientReported}'s.
 */
@RestController
public class CompatMachineController {
    static final Duration STARTUP_WAIT = Duration.ofHours(1);
    static final String START_HOST = "/opt/google/chrome-remote-desktop/start-host";
    static final java.util.List<String> STATUSES = java.util.List.of("initializing", "running", "error", "unknown", "rebooting");

    private final MachineRepository machines;
    private final ClientMachines clients;
    private final MachineLifecycle lifecycle;
    private final AssignmentWaiters waiters;
    private final ClaimService claims;
    private final boolean enabled;

    CompatMachineController(MachineRepository machines, ClientMachines clients, MachineLifecycle lifecycle, AssignmentWaiters waiters,
                            ClaimService claims, LabLinkConfig config) {
        this.machines = machines;
        this.clients = clients;
        this.lifecycle = lifecycle;
        this.waiters = waiters;
        this.claims = claims;
        this.enabled = config.compat().enabled();
    }

    @PostMapping("/api/vm-status")
    public ResponseEntity<Map<String, Object>> reportStatus(@RequestBody(required = false) Map<String, Object> body) {
        if (!enabled) {
            return off();
        }
        String hostname = text(body, "hostname");
        String status = text(body, "status");
        if (hostname == null || status == null) {
            return error(HttpStatus.BAD_REQUEST, "Hostname and status are required.");
        }
        if (!STATUSES.contains(status)) {
            return error(HttpStatus.BAD_REQUEST, "Unknown status " + Quote.of(status) + "; use " + String.join(", ", STATUSES) + ".");
        }
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            return error(HttpStatus.BAD_REQUEST, "Hostname " + Quote.of(hostname) + " is not a host name: letters, digits, '.', '_' and '-', at most 63.");
        }
        String actor = "client:" + hostname;
        ClientMachines.Lookup registered = clients.register(hostname, actor);
        if (registered.refusal() != null) {
            return registered.refusal();
        }
        lifecycle.clientReported(registered.machine(), MachineLifecycle.ClientStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        return message("VM status updated successfully.");
    }

    @GetMapping("/api/vm-status/{hostname}")
    public ResponseEntity<Map<String, Object>> status(@PathVariable String hostname) {
        if (!enabled) {
            return off();
        }
        return clients.with(hostname, m -> ResponseEntity.ok(Map.of("hostname", m.name(), "status", word(m.state()))));
    }

    @GetMapping("/api/vm-status")
    public ResponseEntity<Map<String, Object>> statuses() {
        if (!enabled) {
            return off();
        }
        Map<String, Object> all = new LinkedHashMap<>();
        machines.list(EnumSet.complementOf(EnumSet.of(MachineState.TERMINATED))).stream()
                .filter(Machine::isLabLinkClient)
                .forEach(m -> all.put(m.name(), word(m.state())));
        return ResponseEntity.ok(all);
    }

    /** The client's long poll: parked without a thread or a database connection until its machine is claimed. */
    @PostMapping("/vm_startup")
    public DeferredResult<ResponseEntity<Map<String, Object>>> startup(@RequestBody(required = false) Map<String, Object> body) {
        if (!enabled) {
            return answered(off());
        }
        String hostname = text(body, "hostname");
        if (hostname == null) {
            return answered(error(HttpStatus.BAD_REQUEST, "Hostname is required."));
        }
        ClientMachines.Lookup machine = clients.find(hostname);
        if (machine.refusal() != null) {
            return answered(machine.refusal());
        }
        return waiters.await(machine.machine().id(), AssignmentWaiters.Known.NOTHING, STARTUP_WAIT, view -> assignment(hostname, view), NOT_YET);
    }

    private static final ResponseEntity<Map<String, Object>> NOT_YET = error(HttpStatus.SERVICE_UNAVAILABLE, "No participant yet; poll again.");

    private static DeferredResult<ResponseEntity<Map<String, Object>>> answered(ResponseEntity<Map<String, Object>> response) {
        DeferredResult<ResponseEntity<Map<String, Object>>> result = new DeferredResult<>();
        result.setResult(response);
        return result;
    }

    private static ResponseEntity<Map<String, Object>> assignment(String hostname, AssignmentView view) {
        if (view.crd() == null) {
            return NOT_YET; // a claim made without a CRD command cannot be served to these clients
        }
        // Rebuilt from the checked code: nothing the participant typed beyond it reaches the client.
        String command = START_HOST + " --code=\"" + view.crd().code() + "\" --redirect-url=\"https://remotedesktop.google.com/_/oauthredirect\""
                + " --name=" + hostname;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("pin", view.crd().pin());
        body.put("command", command);
        return ResponseEntity.ok(body);
    }

    /** Public on LabLink's request page: free seats, polled every 5 s. */
    @GetMapping("/api/unassigned_vms_count")
    public ResponseEntity<Map<String, Object>> unassignedCount() {
        if (!enabled) {
            return off();
        }
        return ResponseEntity.ok(Map.of("count", claims.seats().free()));
    }

    static String word(MachineState state) {
        return switch (state) {
            case PROVISIONING, BOOTING -> "initializing";
            case READY, ASSIGNED, IN_USE -> "running";
            case FAILED -> "error";
            default -> "unknown";
        };
    }


}
