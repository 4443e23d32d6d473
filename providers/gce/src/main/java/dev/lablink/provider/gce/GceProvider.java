package dev.lablink.provider.gce;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.AcceleratorConfig;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import dev.lablink.core.provider.AgentBootstrap;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ParallelLaunches;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machines on Google Compute Engine, one instance per machine in the candidate's zone, named by
 * {@code gce.instance_name} (epic-lab's {@code user-<suffix>} is one choice), labelled
 * {@code lablink-deployment} and {@code lablink-machine}, started by a {@code startup-script}
 * that installs and runs the agent. A zone out of resources ({@code ZONE_RESOURCE_POOL_EXHAUSTED})
 * or quota is reported as no capacity, so the placement walk tries the next zone in
 * {@code gce.zones}.
 */
public class GceProvider implements MachineProvider {
    public static final String NAME = "gce";
    static final String LABEL_DEPLOYMENT = "lablink-deployment";
    static final String LABEL_MACHINE = "lablink-machine";
    private static final Logger log = LoggerFactory.getLogger(GceProvider.class);
    private static final int PARALLEL_LAUNCHES = 8;

    private final GceSettings settings;
    private final String deployment;
    private final boolean spot;
    private final InstancesClient instances;
    private final ZoneOperationsClient operations;

    public GceProvider(GceSettings settings, String deployment, boolean spot) {
        this.settings = settings;
        this.deployment = deployment;
        this.spot = spot;
        try {
            InstancesSettings.Builder instancesSettings = InstancesSettings.newBuilder();
            ZoneOperationsSettings.Builder operationsSettings = ZoneOperationsSettings.newBuilder();
            if (settings.endpoint() != null) {
                // A fake or an emulator, maybe on plain http: the transport gets the full URL (the
                // settings take only host:port), and there are no Google credentials to send.
                String url = settings.endpoint().replaceAll("/+$", "");
                String hostAndPort = URI.create(url).getAuthority();
                instancesSettings.setEndpoint(hostAndPort).setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(InstancesSettings.defaultHttpJsonTransportProviderBuilder().setEndpoint(url).build());
                operationsSettings.setEndpoint(hostAndPort).setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(ZoneOperationsSettings.defaultHttpJsonTransportProviderBuilder().setEndpoint(url).build());
            }
            this.instances = InstancesClient.create(instancesSettings.build());
            this.operations = ZoneOperationsClient.create(operationsSettings.build());
        } catch (IOException e) {
            throw new ProviderException("cannot reach Compute Engine: " + e.getMessage()
                    + "; set up Application Default Credentials (gcloud auth application-default login)", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        ParallelLaunches.run(batch, PARALLEL_LAUNCHES, this::launch, listener);
    }

    private ProvisionedMachine launch(MachineSpec spec) {
        String zone = spec.region() == null ? settings.zones().getFirst() : spec.region();
        String instanceName = instanceName(spec);
        Instance instance = instance(spec, instanceName, zone);
        OperationFuture<Operation, Operation> insert = null;
        try {
            insert = instances.insertAsync(settings.project(), zone, instance);
            Operation done = insert.get(10, TimeUnit.MINUTES);
            if (done.hasError()) {
                throw failure(spec, zone, done);
            }
        } catch (ApiException e) {
            throw translate("could not create " + spec.name() + " in " + zone, e);
        } catch (ExecutionException e) {
            // A failed operation: its own error says why (ZONE_RESOURCE_POOL_EXHAUSTED, QUOTA_EXCEEDED…).
            throw failure(spec, zone, operation(zone, insert).orElse(null), e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderException("Compute Engine did not finish creating " + spec.name() + " in " + zone + " within 10 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while creating " + spec.name());
        }
        Instance created = instances.get(settings.project(), zone, instanceName);
        log.info("launched {} on Compute Engine as {} in {} (instance {})", spec.name(), spec.machineType(), zone, created.getId());
        return machine(created, zone);
    }

    /**
     * The instance's name from {@code gce.instance_name}, made a valid Compute Engine name
     * (lowercase letters, digits and dashes, starting with a letter, at most 63 characters).
     */
    private String instanceName(MachineSpec spec) {
        String user = spec.requestedBy() == null ? "lablink" : spec.requestedBy().replaceFirst("^admin:", "");
        String number = spec.name().matches(".*\\d$") ? spec.name().replaceAll("^.*?(\\d+)$", "$1") : spec.name();
        String name = settings.instanceName()
                .replace("{machine}", spec.name())
                .replace("{number}", number)
                .replace("{user}", user)
                .replace("{date}", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE))
                .replace("{deployment}", deployment)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^-a-z0-9]", "-")
                .replaceAll("-+", "-");
        if (!name.matches("[a-z].*")) {
            name = "m-" + name;
        }
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("-+$", "");
    }

    private Instance instance(MachineSpec spec, String instanceName, String zone) {
        String type = spec.machineType() == null ? "e2-standard-2" : spec.machineType();
        Scheduling.Builder scheduling = Scheduling.newBuilder();
        if (spot) {
            scheduling.setProvisioningModel("SPOT").setInstanceTerminationAction("STOP");
        }
        Instance.Builder instance = Instance.newBuilder()
                .setName(instanceName)
                .setMachineType("zones/" + zone + "/machineTypes/" + type)
                .putLabels(LABEL_DEPLOYMENT, deployment)
                .putLabels(LABEL_MACHINE, spec.name())
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true)
                        .setInitializeParams(AttachedDiskInitializeParams.newBuilder()
                                .setSourceImage(settings.image())
                                .setDiskSizeGb(settings.diskSizeGb())))
                .addNetworkInterfaces(NetworkInterface.newBuilder().setNetwork(settings.network())
                        .addAccessConfigs(AccessConfig.newBuilder().setName("External NAT").setType("ONE_TO_ONE_NAT")))
                .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(AgentBootstrap.script(spec))));
        boolean gpus = settings.acceleratorCount() > 0 || type.matches("(a2|a3|a4|g2)-.*");
        if (settings.acceleratorCount() > 0) {
            instance.addGuestAccelerators(AcceleratorConfig.newBuilder()
                    .setAcceleratorType("zones/" + zone + "/acceleratorTypes/" + settings.acceleratorType())
                    .setAcceleratorCount(settings.acceleratorCount()));
        }
        if (gpus) {
            // Machines with GPUs cannot live-migrate; Compute Engine refuses them without this.
            scheduling.setOnHostMaintenance("TERMINATE");
        }
        return instance.setScheduling(scheduling).build();
    }

    private Optional<Operation> operation(String zone, OperationFuture<Operation, Operation> future) {
        try {
            // The client names a zonal operation "name:project:zone".
            String name = future.getName().split(":")[0];
            return Optional.of(operations.get(settings.project(), zone, name));
        } catch (RuntimeException | InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    private ProviderException failure(MachineSpec spec, String zone, Operation operation) {
        return failure(spec, zone, operation, null);
    }

    private ProviderException failure(MachineSpec spec, String zone, Operation operation, Throwable cause) {
        if (operation == null || !operation.hasError() || operation.getError().getErrorsCount() == 0) {
            String why = cause instanceof ApiException api ? detail(api) : cause == null ? "the operation failed" : cause.getMessage();
            return new ProviderException("Compute Engine could not create " + spec.name() + " in " + zone + ": " + why, cause);
        }
        var error = operation.getError().getErrors(0);
        String message = "Compute Engine could not create " + spec.name() + " (" + spec.machineType() + ") in " + zone + ": "
                + error.getMessage() + " [" + error.getCode() + "]";
        if (error.getCode().startsWith("ZONE_RESOURCE_POOL_EXHAUSTED") || error.getCode().equals("RESOURCE_POOL_EXHAUSTED")) {
            return new NoCapacityException(message, false);
        }
        if (error.getCode().equals("QUOTA_EXCEEDED")) {
            return new NoCapacityException(message + "; ask for more quota in the Google Cloud console (IAM & Admin, Quotas)", true);
        }
        return new ProviderException(message, cause);
    }

    private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Compute Engine's own words from the error body ({@code error.message}); the exception itself only has the HTTP status text. */
    private static String detail(ApiException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException response && response.getContent() != null) {
                var message = ERROR_MESSAGE.matcher(response.getContent());
                if (message.find()) {
                    return message.group(1).replace("\\\"", "\"");
                }
            }
        }
        return e.getMessage();
    }

    private static ProviderException translate(String doing, ApiException e) {
        String reason = e.getReason() == null ? e.getStatusCode().getCode().name() : e.getReason();
        String message = "Compute Engine " + doing + ": " + detail(e) + " [" + reason + "]";
        if (message.contains("QUOTA_EXCEEDED") || "quotaExceeded".equals(e.getReason())) {
            return new NoCapacityException(message, true);
        }
        return new ProviderException(message, e);
    }

    private ProvisionedMachine machine(Instance instance, String zone) {
        String address = null;
        if (instance.getNetworkInterfacesCount() > 0) {
            NetworkInterface nic = instance.getNetworkInterfaces(0);
            address = nic.getAccessConfigsCount() > 0 && nic.getAccessConfigs(0).hasNatIP() ? nic.getAccessConfigs(0).getNatIP() : nic.getNetworkIP();
        }
        return new ProvisionedMachine(instance.getLabelsOrDefault(LABEL_MACHINE, instance.getName()), zone + "/" + instance.getName(), address);
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        onInstance(machine, "delete", (zone, name) -> instances.deleteAsync(settings.project(), zone, name));
        log.info("deleted {} ({}) on Compute Engine", machine.name(), machine.providerId());
    }

    @Override
    public void suspend(ProvisionedMachine machine) {
        onInstance(machine, "stop", (zone, name) -> instances.stopAsync(settings.project(), zone, name));
    }

    @Override
    public void resume(ProvisionedMachine machine) {
        onInstance(machine, "start", (zone, name) -> instances.startAsync(settings.project(), zone, name));
    }

    /** Runs one operation on the instance named by {@code zone/name}; an instance already gone is not an error. */
    private void onInstance(ProvisionedMachine machine, String action,
                            BiFunction<String, String, OperationFuture<Operation, Operation>> call) {
        int slash = machine.providerId().indexOf('/');
        String zone = slash < 0 ? settings.zones().getFirst() : machine.providerId().substring(0, slash);
        String name = slash < 0 ? machine.name() : machine.providerId().substring(slash + 1);
        try {
            Operation done = call.apply(zone, name).get(10, TimeUnit.MINUTES);
            if (done.hasError() && done.getError().getErrorsCount() > 0) {
                throw new ProviderException("Compute Engine could not " + action + " " + name + ": " + done.getError().getErrors(0).getMessage());
            }
        } catch (NotFoundException e) {
            // already gone
        } catch (ApiException e) {
            throw translate("could not " + action + " " + name, e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof NotFoundException)) {
                throw new ProviderException("Compute Engine could not " + action + " " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new ProviderException("Compute Engine did not " + action + " " + name + " within 10 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted during " + action + " of " + name);
        }
    }

    @Override
    public List<ProvisionedMachine> list() {
        List<ProvisionedMachine> ours = new ArrayList<>();
        for (String zone : settings.zones()) {
            try {
                ListInstancesRequest request = ListInstancesRequest.newBuilder().setProject(settings.project()).setZone(zone)
                        .setFilter("labels." + LABEL_DEPLOYMENT + " = \"" + deployment + "\"").build();
                instances.list(request).iterateAll().forEach(instance -> ours.add(machine(instance, zone)));
            } catch (ApiException e) {
                throw translate("could not list instances in " + zone, e);
            }
        }
        return ours;
    }

    @Override
    public void close() {
        instances.close();
        operations.close();
    }
}
