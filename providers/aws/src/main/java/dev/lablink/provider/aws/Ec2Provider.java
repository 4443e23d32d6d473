package dev.lablink.provider.aws;

import dev.lablink.core.provider.AgentBootstrap;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ParallelLaunches;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Machines on AWS EC2. Each machine is its own RunInstances call (each carries its own agent token
 * in its user data), at most {@value #PARALLEL_LAUNCHES} at a time: EC2 documents a burst of 1,000
 * instances for RunInstances (refilled at 2 per second) and 50 for mutating calls, so a workshop's
 * batch launches in one or two waves of the cloud's latency. The deployment's security group
 * (SSH from the configured CIDRs only) and key pair are created on first use and deleted by
 * {@link #teardown()}. Throttling and transient errors are retried by the SDK's standard retry mode.
 */
public class Ec2Provider implements MachineProvider {
    public static final String NAME = "aws";
    static final int PARALLEL_LAUNCHES = 50;
    static final int USER_DATA_LIMIT = 16 * 1024;
    static final String TAG_DEPLOYMENT = "lablink:deployment";
    static final String TAG_MACHINE = "lablink:machine";
    private static final Logger log = LoggerFactory.getLogger(Ec2Provider.class);
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2Settings settings;
    private final Map<String, Ec2Client> clients = new ConcurrentHashMap<>();
    private final Map<String, String> securityGroupByRegion = new ConcurrentHashMap<>();
    private final Map<String, Boolean> keyPairByRegion = new ConcurrentHashMap<>();

    public Ec2Provider(Ec2Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }


    String resourceName() {
        return "lablink-" + settings.deployment();
    }

    private Ec2Client client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = Ec2Client.builder()
                    .region(Region.of(r))
                    .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                    .credentialsProvider(settings.accessKeyId() != null
                            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                            : DefaultCredentialsProvider.builder().build());
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            return builder.build();
        });
    }

    private String regionOf(MachineSpec spec) {
        return spec.region() == null ? settings.defaultRegion() : spec.region();
    }

    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        ParallelLaunches.run(batch, PARALLEL_LAUNCHES, spec -> {
            try {
                return launch(spec, listener);
            } catch (SdkException e) {
                throw Ec2Errors.translate("could not launch " + spec.name(), e);
            }
        }, listener);
    }

    private ProvisionedMachine launch(MachineSpec spec, CreationListener listener) {
        String region = regionOf(spec);
        if (settings.ami() == null) {
            throw new ProviderException("aws.ami is not set; give the AMI id of an Ubuntu or Amazon Linux image");
        }
        String securityGroup = securityGroup(region);
        ensureKeyPair(region);
        byte[] userData = AgentBootstrap.gzipped(AgentBootstrap.script(spec));
        if (userData.length > USER_DATA_LIMIT) {
            throw new ProviderException("the agent bootstrap with startup_script.path is " + userData.length
                    + " bytes compressed; EC2 takes at most 16 KB of user data, so shorten the startup script or have it download the rest");
        }
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .imageId(settings.ami())
                .instanceType(InstanceType.fromValue(spec.machineType()))
                .minCount(1).maxCount(1)
                .keyName(resourceName())
                .securityGroupIds(securityGroup)
                .userData(Base64.getEncoder().encodeToString(userData))
                .tagSpecifications(tags(ResourceType.INSTANCE, spec.name()), tags(ResourceType.VOLUME, spec.name()))
                .blockDeviceMappings(mapping -> mapping.deviceName(rootDevice(region))
                        .ebs(ebs -> ebs.volumeSize(settings.rootVolumeGb()).volumeType("gp3").deleteOnTermination(true)));
        if (settings.subnetId() != null) {
            request.subnetId(settings.subnetId());
        }
        if (settings.instanceProfile() != null) {
            request.iamInstanceProfile(profile -> profile.name(settings.instanceProfile()));
        }
        Instance instance;
        if (settings.spot()) {
            try {
                instance = run(region, request.copy().instanceMarketOptions(market -> market.marketType(MarketType.SPOT)).build());
            } catch (NoCapacityException e) {
                if (!settings.spotFallbackOnDemand()) {
                    throw e;
                }
                listener.progress(spec.name(), "no spot capacity for " + spec.machineType() + " in " + region + " (" + e.getMessage() + "); launching on-demand");
                instance = run(region, request.build());
            }
        } else {
            instance = run(region, request.build());
        }
        log.info("launched {} on EC2 as {} in {} (instance {}{})", spec.name(), spec.machineType(), region, instance.instanceId(),
                instance.instanceLifecycle() == null ? "" : ", " + instance.instanceLifecycleAsString());
        return new ProvisionedMachine(spec.name(), instance.instanceId(), address(instance));
    }

    private Instance run(String region, RunInstancesRequest request) {
        try {
            return client(region).runInstances(request).instances().getFirst();
        } catch (SdkException e) {
            throw Ec2Errors.translate("RunInstances " + request.instanceTypeAsString() + " in " + region, e);
        }
    }

    private TagSpecification tags(ResourceType type, String machine) {
        return TagSpecification.builder().resourceType(type).tags(
                Tag.builder().key(TAG_DEPLOYMENT).value(settings.deployment()).build(),
                Tag.builder().key(TAG_MACHINE).value(machine).build(),
                Tag.builder().key("Name").value(machine).build()).build();
    }

    private final Map<String, String> rootDevices = new ConcurrentHashMap<>();

    /** Ubuntu AMIs boot from /dev/sda1, Amazon Linux from /dev/xvda: ask the image. */
    private String rootDevice(String region) {
        return rootDevices.computeIfAbsent(region, r -> {
            try {
                var images = client(r).describeImages(request -> request.imageIds(settings.ami())).images();
                if (images.isEmpty()) {
                    throw new ProviderException("aws.ami: no image " + settings.ami() + " in " + r + "; AMI ids differ between regions");
                }
                return images.getFirst().rootDeviceName();
            } catch (SdkException e) {
                throw Ec2Errors.translate("DescribeImages " + settings.ami(), e);
            }
        });
    }

    /** The deployment's security group in {@code region}: found by name, else created with SSH from the configured CIDRs only. */
    private String securityGroup(String region) {
        return securityGroupByRegion.computeIfAbsent(region, r -> {
            Ec2Client ec2 = client(r);
            try {
                var existing = ec2.describeSecurityGroups(request -> request.filters(filter("group-name", resourceName()))).securityGroups();
                if (!existing.isEmpty()) {
                    return existing.getFirst().groupId();
                }
                String vpc = settings.subnetId() == null ? null
                        : ec2.describeSubnets(request -> request.subnetIds(settings.subnetId())).subnets().getFirst().vpcId();
                String id = ec2.createSecurityGroup(request -> request.groupName(resourceName()).vpcId(vpc)
                        .description("LabLink deployment " + settings.deployment() + ": SSH from configured CIDRs")
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                                .tags(Tag.builder().key(TAG_DEPLOYMENT).value(settings.deployment()).build()).build())).groupId();
                if (!settings.sshCidrs().isEmpty()) {
                    ec2.authorizeSecurityGroupIngress(request -> request.groupId(id).ipPermissions(IpPermission.builder()
                            .ipProtocol("tcp").fromPort(22).toPort(22)
                            .ipRanges(settings.sshCidrs().stream().map(cidr -> IpRange.builder().cidrIp(cidr).description("LabLink SSH").build()).toList())
                            .build()));
                }
                log.info("created security group {} ({}) in {}", resourceName(), id, r);
                return id;
            } catch (SdkException e) {
                throw Ec2Errors.translate("could not set up security group " + resourceName() + " in " + r, e);
            }
        });
    }

    /** The deployment's key pair; created once, its private key kept under the data dir for admins' SSH. */
    private void ensureKeyPair(String region) {
        keyPairByRegion.computeIfAbsent(region, r -> {
            Ec2Client ec2 = client(r);
            try {
                ec2.describeKeyPairs(request -> request.keyNames(resourceName()));
                return true;
            } catch (SdkException e) {
                if (!"InvalidKeyPair.NotFound".equals(Ec2Errors.code(e))) {
                    throw Ec2Errors.translate("DescribeKeyPairs " + resourceName(), e);
                }
            }
            try {
                String material = ec2.createKeyPair(request -> request.keyName(resourceName())
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.KEY_PAIR)
                                .tags(Tag.builder().key(TAG_DEPLOYMENT).value(settings.deployment()).build()).build())).keyMaterial();
                savePrivateKey(r, material);
                log.info("created key pair {} in {}", resourceName(), r);
                return true;
            } catch (SdkException e) {
                throw Ec2Errors.translate("CreateKeyPair " + resourceName(), e);
            }
        });
    }

    private void savePrivateKey(String region, String material) {
        try {
            Files.createDirectories(settings.keysDir());
            Path file = settings.keysDir().resolve(resourceName() + "-" + region + ".pem");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, material);
        } catch (IOException e) {
            throw new ProviderException("created key pair " + resourceName() + " but could not save its private key: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        forInstance(machine, "TerminateInstances", (ec2, id) -> ec2.terminateInstances(request -> request.instanceIds(id)));
        log.info("terminated {} (instance {}) on EC2", machine.name(), machine.providerId());
    }

    @Override
    public void suspend(ProvisionedMachine machine) {
        forInstance(machine, "StopInstances", (ec2, id) -> ec2.stopInstances(request -> request.instanceIds(id)));
    }

    @Override
    public void resume(ProvisionedMachine machine) {
        forInstance(machine, "StartInstances", (ec2, id) -> ec2.startInstances(request -> request.instanceIds(id)));
    }

    /** Runs a call on the instance in whichever of our regions has it; an instance already gone is not an error. */
    private void forInstance(ProvisionedMachine machine, String action, java.util.function.BiConsumer<Ec2Client, String> call) {
        for (String region : regions()) {
            try {
                call.accept(client(region), machine.providerId());
                return;
            } catch (SdkException e) {
                if (!"InvalidInstanceID.NotFound".equals(Ec2Errors.code(e))) {
                    throw Ec2Errors.translate(action + " " + machine.providerId(), e);
                }
            }
        }
    }

    private List<String> regions() {
        List<String> regions = new ArrayList<>(clients.keySet());
        if (!regions.contains(settings.defaultRegion())) {
            regions.addFirst(settings.defaultRegion());
        }
        return regions;
    }

    @Override
    public List<ProvisionedMachine> list() {
        List<ProvisionedMachine> ours = new ArrayList<>();
        for (String region : regions()) {
            ours.addAll(describe(region, LIVE_STATES).stream()
                    .map(instance -> new ProvisionedMachine(tag(instance, TAG_MACHINE), instance.instanceId(), address(instance)))
                    .toList());
        }
        return ours;
    }

    private List<Instance> describe(String region, List<String> states) {
        try {
            return client(region).describeInstancesPaginator(request -> request.filters(
                            filter("tag:" + TAG_DEPLOYMENT, settings.deployment()), filter("instance-state-name", states.toArray(String[]::new))))
                    .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
        } catch (SdkException e) {
            throw Ec2Errors.translate("DescribeInstances in " + region, e);
        }
    }

    /**
     * Deletes the security group and key pair once every instance of the deployment is terminated
     * (EC2 refuses to delete a group that a shutting-down instance still uses), waiting up to five minutes.
     */
    @Override
    public void teardown() {
        List<String> waitFor = new ArrayList<>(LIVE_STATES);
        waitFor.add("shutting-down");
        for (String region : regions()) {
            Ec2Client ec2 = client(region);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (!describe(region, waitFor).isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ProviderException("instances of deployment " + settings.deployment() + " in " + region
                            + " are still not terminated after 5 minutes; run lablink down again later");
                }
                sleep(Duration.ofSeconds(5));
            }
            try {
                for (var group : ec2.describeSecurityGroups(request -> request.filters(filter("group-name", resourceName()))).securityGroups()) {
                    ec2.deleteSecurityGroup(request -> request.groupId(group.groupId()));
                    log.info("deleted security group {} in {}", group.groupId(), region);
                }
                ec2.deleteKeyPair(request -> request.keyName(resourceName()));
                Files.deleteIfExists(settings.keysDir().resolve(resourceName() + "-" + region + ".pem"));
            } catch (SdkException e) {
                throw Ec2Errors.translate("could not delete the deployment's security group or key pair in " + region, e);
            } catch (IOException e) {
                throw new ProviderException("deleted key pair " + resourceName() + " but not its private key file: " + e.getMessage(), e);
            }
            securityGroupByRegion.remove(region);
            keyPairByRegion.remove(region);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for EC2 instances to terminate");
        }
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static String tag(Instance instance, String key) {
        return instance.tags().stream().filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst().orElse(instance.instanceId());
    }

    private static String address(Instance instance) {
        return instance.publicIpAddress() != null ? instance.publicIpAddress() : instance.privateIpAddress();
    }

    @Override
    public void close() {
        clients.values().forEach(Ec2Client::close);
    }
}
