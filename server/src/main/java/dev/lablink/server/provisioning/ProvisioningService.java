package dev.lablink.server.provisioning;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.StartupScriptSettings;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates machines: records them as PROVISIONING at once (so the caller can watch them), then asks
 * the provider off the request thread. Every machine ends in a state; a provider failure becomes
 * FAILED with the provider's message.
 */
@Service
public class ProvisioningService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningService.class);

    private final MachineRepository machines;
    private final MachineProvider provider;
    private final LabLinkConfig config;
    private final AllocatorUrl allocatorUrl;
    private final TransactionTemplate transactions;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public ProvisioningService(MachineRepository machines, MachineProvider provider, LabLinkConfig config,
                               AllocatorUrl allocatorUrl, TransactionTemplate transactions) {
        this.machines = machines;
        this.provider = provider;
        this.config = config;
        this.allocatorUrl = allocatorUrl;
        this.transactions = transactions;
    }

    /** The machines one create request asked for, under the batch number that the progress view follows. */
    public record Batch(long id, List<Machine> machines) {
    }

    public Batch create(Integer count, String machineType, String region, String actor) {
        int max = config.machine().maxCount();
        if (count == null) {
            throw new BadRequestException("count", "count is required: how many machines to create (1 to " + max + ")");
        }
        if (count < 1 || count > max) {
            throw new BadRequestException("count", "count must be from 1 to " + max + " (machine.max_count in config); got " + count);
        }
        String type = machineType != null ? machineType : config.machine().machineType();
        String chosenRegion = region != null ? region : config.app().region();
        // Read before any row exists: a failure here must not leave machines stuck in PROVISIONING.
        String script = startupScript();
        boolean mustSucceed = StartupScriptSettings.ON_ERROR_FAIL.equals(config.startupScript().onError());
        Map<String, String> tokens = new ConcurrentHashMap<>();
        long batchId = machines.nextBatchId();
        List<Machine> created = transactions.execute(status -> {
            List<Machine> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String token = MachineTokens.newToken();
                Machine machine = machines.insertProvisioning(batchId, provider.name(), type, chosenRegion, MachineTokens.hash(token), actor);
                tokens.put(machine.name(), token);
                rows.add(machine);
            }
            return rows;
        });
        List<MachineSpec> specs = created.stream()
                .map(m -> new MachineSpec(m.name(), type, config.machine().image(), chosenRegion, allocatorUrl.get(),
                        tokens.get(m.name()), script, mustSucceed))
                .toList();
        background.submit(() -> provision(created, specs));
        return new Batch(batchId, created);
    }

    /** The text of {@code startup_script.path}, read at each request so an edited script applies to new machines. */
    private String startupScript() {
        if (!config.startupScript().enabled()) {
            return null;
        }
        try {
            return Files.readString(Path.of(config.startupScript().path()));
        } catch (IOException e) {
            throw new ProviderException("startup_script.path: cannot read " + config.startupScript().path() + ": " + e.getMessage());
        }
    }

    private void provision(List<Machine> batch, List<MachineSpec> specs) {
        Map<String, Long> ids = new ConcurrentHashMap<>();
        batch.forEach(m -> ids.put(m.name(), m.id()));
        String failure = "the provider did not report this machine";
        try {
            provider.create(specs, new CreationListener() {
                @Override
                public void created(ProvisionedMachine machine) {
                    long id = ids.get(machine.name());
                    machines.recordProviderId(id, machine.providerId());
                    machines.transition(id, MachineState.BOOTING, "created by " + provider.name() + " as " + machine.providerId(), "system");
                }

                @Override
                public void failed(String name, String reason) {
                    machines.transition(ids.get(name), MachineState.FAILED, reason, "system");
                }
            });
        } catch (RuntimeException e) {
            log.warn("provider {} failed a batch of {}: {}", provider.name(), specs.size(), e.getMessage());
            failure = provider.name() + " failed: " + e.getMessage();
        }
        // Anything the provider neither created nor failed must not stay PROVISIONING forever.
        for (Machine machine : machines.findByIds(List.copyOf(ids.values()))) {
            if (machine.state() == MachineState.PROVISIONING) {
                machines.transition(machine.id(), MachineState.FAILED, failure, "system");
            }
        }
    }

    @Override
    public void close() {
        background.shutdown();
    }
}
