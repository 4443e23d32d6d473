package dev.lablink.server.compat;

import static dev.lablink.server.compat.CompatBodies.error;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.provisioning.MachineTokens;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The only machines LabLink's client routes act on: those that registered through them (provider
 * {@value Machine#LABLINK_CLIENT}). The one shared compat token must not reach machines our own
 * agents run (their participant's CRD code and PIN, their state), and new hostnames register only
 * when {@code compat.hostnames} (a regular expression) allows them.
 */
@Component
class ClientMachines {
    /** The names MachineRepository.insertProvisioning gives our own machines. */
    private static final Pattern OWN_NAMES = Pattern.compile("lablink-vm-[0-9]+");

    private final MachineRepository machines;
    private final Pattern hostnames;

    ClientMachines(MachineRepository machines, LabLinkConfig config) {
        this.machines = machines;
        this.hostnames = config.compat().hostnames() == null ? null : Pattern.compile(config.compat().hostnames());
    }

    /** A live client machine, or the refusal in the protocol's {@code {"error": …}} shape. */
    record Lookup(Machine machine, ResponseEntity<Map<String, Object>> refusal) {
    }

    Lookup find(String hostname) {
        Optional<Machine> machine = machines.findByName(hostname).filter(m -> m.state() != MachineState.TERMINATED);
        if (machine.isEmpty()) {
            return refused(error(HttpStatus.NOT_FOUND, "VM not found."));
        }
        return machine.get().isLabLinkClient() ? new Lookup(machine.get(), null) : refused(notAClient(hostname));
    }

    /** Runs {@code action} on the live client machine named {@code hostname}, or answers the refusal. */
    ResponseEntity<Map<String, Object>> with(String hostname, Function<Machine, ResponseEntity<Map<String, Object>>> action) {
        Lookup lookup = find(hostname);
        return lookup.refusal() != null ? lookup.refusal() : action.apply(lookup.machine());
    }

    /** The client machine of this name, registered now (with its CREATED event) if it is new and its name is allowed. */
    Lookup register(String hostname, String actor) {
        Optional<Machine> known = machines.findByName(hostname);
        if (known.isEmpty() && OWN_NAMES.matcher(hostname).matches()) {
            // Taken now, it would make the machine this allocator later creates under that name fail.
            return refused(error(HttpStatus.FORBIDDEN, "Hostname '" + hostname + "' may not register: this allocator gives names like it"
                    + " to the machines it creates; start the client image under another name."));
        }
        if (known.isEmpty() && hostnames != null && !hostnames.matcher(hostname).matches()) {
            return refused(error(HttpStatus.FORBIDDEN, "Hostname '" + hostname + "' may not register: it does not match compat.hostnames ("
                    + hostnames.pattern() + ")."));
        }
        Machine machine = known
                .or(() -> machines.insertAnnounced(hostname, Machine.LABLINK_CLIENT, MachineTokens.hash(MachineTokens.newToken()), actor))
                .or(() -> machines.findByName(hostname)) // registered concurrently
                .orElseThrow();
        if (!machine.isLabLinkClient()) {
            return refused(notAClient(hostname));
        }
        if (machine.state() == MachineState.TERMINATED) {
            return refused(error(HttpStatus.GONE, "VM '" + hostname + "' was removed from this allocator (" + machine.stateReason()
                    + "); it cannot register again under this name."));
        }
        return new Lookup(machine, null);
    }

    private static ResponseEntity<Map<String, Object>> notAClient(String hostname) {
        return error(HttpStatus.FORBIDDEN, "VM '" + hostname + "' is run by this allocator's own agent, not by a LabLink client; "
                + "these routes act only on machines that registered through them.");
    }

    private static Lookup refused(ResponseEntity<Map<String, Object>> refusal) {
        return new Lookup(null, refusal);
    }
}
