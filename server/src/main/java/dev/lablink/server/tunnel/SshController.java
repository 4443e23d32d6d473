package dev.lablink.server.tunnel;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SshSettings;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What {@code lablink ssh} and {@code lablink ssh-config} need to know: the port the session's ssh
 * server listens on and the user to log in as (session.ssh), for the machines the caller may reach
 * (an admin account: every running one; a participant's seat token: their own).
 */
@RestController
@RequestMapping("/api/v1")
class SshController {
    private final SshSettings ssh;
    private final TunnelCallers callers;
    private final MachineRepository machines;

    SshController(LabLinkConfig config, TunnelCallers callers, MachineRepository machines) {
        this.ssh = config.session().ssh();
        this.callers = callers;
        this.machines = machines;
    }

    /** {@code user} is null when session.ssh.user is unset: ssh then logs in as the local user, as the agent's user usually is. */
    record SshAccess(String machine, int port, String user) {
    }

    record SshAccessList(List<SshAccess> machines) {
    }

    @GetMapping("/vms/{name}/ssh")
    SshAccess machine(@PathVariable String name, Authentication caller) {
        requireSsh();
        Machine machine = callers.machineFor(caller, name)
                .orElseThrow(() -> new NotFoundException("no machine named " + name + " that these credentials may reach"));
        return access(machine);
    }

    @GetMapping("/ssh")
    SshAccessList list(Authentication caller) {
        requireSsh();
        List<Machine> reachable = TunnelCallers.seatHolder(caller).isPresent()
                ? callers.seatMachine(caller).stream().toList()
                : machines.list(MachineState.WATCHED);
        return new SshAccessList(reachable.stream().map(this::access).toList());
    }

    private SshAccess access(Machine machine) {
        return new SshAccess(machine.name(), ssh.port(), ssh.user());
    }

    private void requireSsh() {
        if (!ssh.isEnabled()) {
            throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "this allocator's sessions run no ssh server; set session.ssh.port in its config"), null);
        }
    }
}
