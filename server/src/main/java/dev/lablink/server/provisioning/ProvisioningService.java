package dev.lablink.server.provisioning;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.placement.Choice;
import dev.lablink.core.placement.PlacementChoices;
import dev.lablink.core.provider.ProviderException;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates machines: records them as PROVISIONING at once (so the caller can watch them), then
 * walks the placement choices off the request thread ({@link PlacementWalk}). Every machine ends
 * in a state; a provider failure becomes FAILED with the provider's message.
 */
@Service
public class ProvisioningService implements AutoCloseable {
    private final MachineRepository machines;
    private final PlacementWalk walk;
    private final LabLinkConfig config;
    private final TransactionTemplate transactions;
    private final BatchImage images;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public ProvisioningService(MachineRepository machines, PlacementWalk walk, LabLinkConfig config, TransactionTemplate transactions,
                               BatchImage images) {
        this.images = images;
        this.machines = machines;
        this.walk = walk;
        this.config = config;
        this.transactions = transactions;
    }

    /** The machines one create request asked for, under the batch number that the progress view follows. */
    public record Batch(long id, List<Machine> machines) {
    }

    /**
     * What a create request asks for; null fields take config's placement rules. A {@code provider}
     * pins the batch to it, with {@code machineType} or the provider's default type (replacements
     * use it to keep provider, type and region). {@code image} is the image the machines run, from
     * the image catalog (null: session.image); see {@link BatchImage}.
     */
    public record Request(Integer count, String provider, String machineType, String region, String tier, String image) {
        public Request(Integer count, String provider, String machineType, String region, String tier) {
            this(count, provider, machineType, region, tier, null);
        }
    }

    public Batch create(Integer count, String machineType, String region, String actor) {
        return create(new Request(count, null, machineType, region, null), actor);
    }

    public Batch create(Request request, String actor) {
        return create(request, null, actor);
    }

    /**
     * A batch running {@code keptImage} as it is (a replacement keeps its machine's pinned image),
     * or, when null, the image {@link BatchImage} chooses for the request.
     */
    Batch create(Request request, String keptImage, String actor) {
        int max = config.machine().maxCount();
        Integer count = request.count();
        if (count == null) {
            throw new BadRequestException("count", "count is required: how many machines to create (1 to " + max + ")");
        }
        if (count < 1 || count > max) {
            throw new BadRequestException("count", "count must be from 1 to " + max + " (machine.max_count in config); got " + count);
        }
        List<Choice> choices = choices(request);
        walk.refuseImpossibleTypes(choices);
        String image = keptImage != null ? keptImage : images.choose(request.image());
        // Read before any row exists: a failure here must not leave machines stuck in PROVISIONING.
        String script = startupScript();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        long batchId = machines.nextBatchId();
        Choice first = choices.getFirst();
        String firstRegion = first.regions().isEmpty() ? null : first.regions().getFirst();
        List<Machine> created = transactions.execute(status -> {
            List<Machine> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String token = MachineTokens.newToken();
                Machine machine = machines.insertProvisioning(batchId, first.provider(), first.machineType(), firstRegion, image,
                        MachineTokens.hash(token), actor);
                tokens.put(machine.name(), token);
                rows.add(machine);
            }
            return rows;
        });
        background.submit(() -> walk.place(batchId, created, tokens, choices, script, actor));
        return new Batch(batchId, created);
    }

    /** The ordered places this request may go; an unknown tier is the caller's mistake. */
    public List<Choice> choices(Request request) {
        try {
            if (request.provider() != null) {
                return List.of(new Choice(request.provider(), request.machineType(),
                        request.region() == null ? List.of() : List.of(request.region()), 0));
            }
            return new PlacementChoices(config).choices(request.machineType(), request.tier(), request.region());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("tier", e.getMessage());
        }
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

    @Override
    public void close() {
        background.shutdown();
    }
}
