package dev.lablink.provider.lambda;

import dev.failsafe.RateLimiter;
import dev.lablink.core.provider.AgentBootstrap;
import dev.lablink.core.provider.Capacity;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.Offer;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Machines on Lambda Cloud. Each machine is its own launch (each carries its own agent token in
 * its user data), paced to Lambda's launch rate limit. Every instance carries the deployment's SSH
 * key, {@code lablink-<deployment>-<hash>}, which is also how {@link #list()} tells ours apart.
 */
public class LambdaProvider implements MachineProvider {
    public static final String NAME = "lambda";
    private static final Logger log = LoggerFactory.getLogger(LambdaProvider.class);

    private final LambdaApi api;
    private final String deployment;
    private final String keyName;
    private final Path keysDir;
    private final RateLimiter<Object> launches;

    /**
     * @param keyName the deployment's SSH key name; its private half is saved under {@code keysDir}
     */
    public LambdaProvider(String endpoint, String apiKey, String deployment, String keyName, Path keysDir, int launchesPerMinute) {
        this(new LambdaApi(endpoint, apiKey, Duration.ofSeconds(1)), deployment, keyName, keysDir, launchesPerMinute);
    }

    LambdaProvider(LambdaApi api, String deployment, String keyName, Path keysDir, int launchesPerMinute) {
        this.api = Objects.requireNonNull(api, "api");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
        this.keysDir = Objects.requireNonNull(keysDir, "keysDir");
        this.launches = RateLimiter.smoothBuilder(launchesPerMinute, Duration.ofMinutes(1)).withMaxWaitTime(Duration.ofHours(1)).build();
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Capacity capacity() {
        List<Offer> offers = new ArrayList<>();
        api.get("instance-types").properties().forEach(entry -> {
            JsonNode type = entry.getValue().path("instance_type");
            List<String> regions = new ArrayList<>();
            entry.getValue().path("regions_with_capacity_available").forEach(region -> regions.add(region.path("name").asString()));
            offers.add(new Offer(type.path("name").asString(entry.getKey()), type.path("description").asString(""),
                    type.hasNonNull("price_cents_per_hour") ? type.path("price_cents_per_hour").asInt() : null, regions));
        });
        return Capacity.of(offers);
    }

    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        ensureSshKey();
        for (int i = 0; i < batch.size(); i++) {
            MachineSpec spec = batch.get(i);
            try {
                if (spec.region() == null) {
                    throw new ProviderException("Lambda Cloud needs a region for " + spec.machineType() + "; set machine.regions or use machine.tier");
                }
                listener.created(launch(spec));
            } catch (ProviderException e) {
                // The same request would meet the same answer: fail the rest of the batch without asking.
                batch.subList(i, batch.size()).forEach(rest -> listener.failed(rest.name(), e));
                return;
            }
        }
    }

    private ProvisionedMachine launch(MachineSpec spec) {
        try {
            launches.acquirePermit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for Lambda Cloud's launch rate limit");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region_name", spec.region());
        body.put("instance_type_name", spec.machineType());
        body.put("ssh_key_names", List.of(keyName));
        body.put("file_system_names", List.of());
        body.put("quantity", 1);
        body.put("name", spec.name());
        body.put("user_data", AgentBootstrap.script(spec));
        body.put("tags", List.of(Map.of("key", "lablink:deployment", "value", deployment), Map.of("key", "lablink:machine", "value", spec.name())));
        JsonNode ids = api.launch(body).path("instance_ids");
        if (ids.isEmpty()) {
            throw new dev.lablink.core.provider.NoCapacityException("Lambda Cloud launched none of 1 " + spec.machineType() + " in " + spec.region(), false);
        }
        String id = ids.get(0).asString();
        log.info("launched {} on Lambda Cloud as {} in {} (instance {})", spec.name(), spec.machineType(), spec.region(), id);
        return new ProvisionedMachine(spec.name(), id);
    }

    /** Reuses the deployment's key when Lambda already has it; otherwise creates it once and keeps the private half. */
    private synchronized void ensureSshKey() {
        if (findKey().isPresent()) {
            return;
        }
        JsonNode key = api.post("ssh-keys", Map.of("name", keyName));
        String privateKey = key.path("private_key").asString(null);
        if (privateKey != null) {
            savePrivateKey(privateKey);
        }
        log.info("created SSH key {} on Lambda Cloud", keyName);
    }

    private Optional<JsonNode> findKey() {
        for (JsonNode key : api.get("ssh-keys")) {
            if (key.path("name").asString().equals(keyName)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private void savePrivateKey(String privateKey) {
        try {
            Files.createDirectories(keysDir);
            Path file = keysDir.resolve(keyName);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, privateKey);
        } catch (IOException e) {
            throw new ProviderException("created SSH key " + keyName + " but could not save its private key under " + keysDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        try {
            api.post("instance-operations/terminate", Map.of("instance_ids", List.of(machine.providerId())));
            log.info("terminated {} (instance {}) on Lambda Cloud", machine.name(), machine.providerId());
        } catch (LambdaApiException e) {
            if (!e.code().equals("global/object-does-not-exist")) {
                throw e;
            }
        }
    }

    @Override
    public List<ProvisionedMachine> list() {
        List<ProvisionedMachine> ours = new ArrayList<>();
        for (JsonNode instance : api.get("instances")) {
            boolean withOurKey = false;
            for (JsonNode key : instance.path("ssh_key_names")) {
                withOurKey |= key.asString().equals(keyName);
            }
            String status = instance.path("status").asString();
            if (withOurKey && !status.equals("terminated") && !status.equals("terminating")) {
                String id = instance.path("id").asString();
                ours.add(new ProvisionedMachine(instance.path("name").asString(id), id, instance.path("ip").asString(null)));
            }
        }
        return ours;
    }

    /** Deletes the deployment's SSH key once no instance uses it; a key already gone is fine. */
    @Override
    public synchronized void teardown() {
        Optional<JsonNode> key = findKey();
        if (key.isEmpty()) {
            return;
        }
        api.delete("ssh-keys/" + key.get().path("id").asString());
        try {
            Files.deleteIfExists(keysDir.resolve(keyName));
        } catch (IOException e) {
            throw new ProviderException("deleted SSH key " + keyName + " at Lambda Cloud but not its private key file: " + e.getMessage(), e);
        }
        log.info("deleted SSH key {} from Lambda Cloud", keyName);
    }
}
