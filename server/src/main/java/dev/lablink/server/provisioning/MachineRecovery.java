package dev.lablink.server.provisioning;

import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up, compares the database with what the provider really runs: machines that vanished
 * while the allocator was down are marked FAILED with the reason; running ones are kept, and
 * their agents reconnect by themselves.
 */
@Component
@Order(1)
class MachineRecovery implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(MachineRecovery.class);

    private final MachineRepository machines;
    private final MachineProvider provider;
    private final EventRepository events;

    MachineRecovery(MachineRepository machines, MachineProvider provider, EventRepository events) {
        this.machines = machines;
        this.provider = provider;
        this.events = events;
    }

    @Override
    public void run(ApplicationArguments args) {
        Set<String> running;
        try {
            running = provider.list().stream().map(ProvisionedMachine::name).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            log.warn("could not list machines at {} to reconcile: {}", provider.name(), e.getMessage());
            return;
        }
        var live = EnumSet.of(MachineState.PROVISIONING, MachineState.BOOTING, MachineState.READY, MachineState.ASSIGNED,
                MachineState.IN_USE, MachineState.TERMINATING);
        int kept = 0;
        for (Machine machine : machines.list(live)) {
            if (!machine.provider().equals(provider.name())) {
                continue;
            }
            if (running.contains(machine.name())) {
                kept++;
            } else if (machine.state() == MachineState.TERMINATING) {
                machines.transition(machine.id(), MachineState.TERMINATED, "gone at " + provider.name() + " when the allocator restarted", "system");
            } else {
                machines.transition(machine.id(), MachineState.FAILED, "not running at " + provider.name() + " when the allocator restarted", "system");
            }
        }
        if (kept > 0) {
            events.record("system", null, "RECOVERED", "allocator restarted; found " + kept + " machines still running at " + provider.name());
            log.info("found {} machines still running at {}", kept, provider.name());
        }
    }
}
