package dev.lablink.fakecloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * EC2's Query API as documented (Version 2016-11-15): form-encoded actions in, XML out, errors as
 * {@code <Response><Errors><Error><Code>…}. Enough of it for a provider to launch, list, stop,
 * start and terminate tagged instances with a security group and a key pair. Capacity errors
 * come back as EC2 sends them: HTTP 500 with {@code InsufficientInstanceCapacity}.
 */
public final class FakeEc2 extends FakeHttpServer {
    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /** An instance as the fake keeps it. */
    public record Instance(String id, String type, String state, boolean spot, Map<String, String> tags, String keyName,
                           List<String> securityGroups, String userData) {
        Instance withState(String newState) {
            return new Instance(id, type, newState, spot, tags, keyName, securityGroups, userData);
        }
    }

    private record Fault(String action, int status, String code, String message) {
    }

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> securityGroups = new LinkedHashMap<>();
    private final Map<String, List<String>> ingress = new LinkedHashMap<>();
    private final Map<String, String> keyPairs = new LinkedHashMap<>();
    private final Set<String> noCapacity = new HashSet<>();
    private final Set<String> noSpotCapacity = new HashSet<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger launchesInFlight = new AtomicInteger();
    private final AtomicInteger mostLaunchesInFlight = new AtomicInteger();
    private volatile Duration launchLatency = Duration.ZERO;
    private int counter;

    public FakeEc2(int port) {
        super(port);
    }

    /** RunInstances of this type answers InsufficientInstanceCapacity (on-demand and spot). */
    public synchronized FakeEc2 noCapacity(String instanceType) {
        noCapacity.add(instanceType);
        return this;
    }

    /** Spot requests for this type answer InsufficientInstanceCapacity; on-demand still works. */
    public synchronized FakeEc2 noSpotCapacity(String instanceType) {
        noSpotCapacity.add(instanceType);
        return this;
    }

    /** The next call of {@code action} fails with this HTTP status and EC2 error code. */
    public FakeEc2 failNext(String action, int status, String code, String message) {
        faults.add(new Fault(action, status, code, message));
        return this;
    }

    /** RunInstances answers only after this long, like a real cloud; calls wait side by side, not in turn. */
    public FakeEc2 launchLatency(Duration latency) {
        this.launchLatency = latency;
        return this;
    }

    /** The most RunInstances calls that were in progress at one time. */
    public int mostLaunchesInFlight() {
        return mostLaunchesInFlight.get();
    }

    public synchronized List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized Set<String> securityGroupNames() {
        return Set.copyOf(securityGroups.values().stream().map(group -> group.get("name")).toList());
    }

    public synchronized List<String> ingressCidrs() {
        return ingress.values().stream().flatMap(List::stream).toList();
    }

    public synchronized Set<String> keyPairNames() {
        return Set.copyOf(keyPairs.keySet());
    }

    /** Starts a tagged instance behind the allocator's back. */
    public synchronized String launchStray(String machineName, String deployment) {
        Map<String, String> tags = Map.of("lablink:deployment", deployment, "lablink:machine", machineName, "Name", machineName);
        Instance instance = new Instance(nextId(), "g5.xlarge", "running", false, tags, null, List.of(), null);
        instances.put(instance.id(), instance);
        return instance.id();
    }

    /** Loses an instance the way a host failure does: it is gone from every listing. */
    public synchronized void lose(String instanceId) {
        instances.remove(instanceId);
    }

    @Override
    void handle(HttpExchange exchange, String body) throws IOException {
        Map<String, String> params = parse(body);
        String action = params.getOrDefault("Action", "");
        Optional<Fault> fault = faults.stream().filter(f -> f.action().equals(action)).findFirst();
        if (fault.isPresent() && faults.remove(fault.get())) {
            error(exchange, fault.get().status(), fault.get().code(), fault.get().message());
            return;
        }
        if (action.equals("RunInstances")) {
            mostLaunchesInFlight.accumulateAndGet(launchesInFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(launchLatency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            answer(exchange, params, action);
        } finally {
            if (action.equals("RunInstances")) {
                launchesInFlight.decrementAndGet();
            }
        }
    }

    private void answer(HttpExchange exchange, Map<String, String> params, String action) throws IOException {
        synchronized (this) {
            switch (action) {
                case "RunInstances" -> runInstances(exchange, params);
                case "DescribeInstances" -> describeInstances(exchange, params);
                case "TerminateInstances" -> changeState(exchange, params, "TerminateInstancesResponse", "terminated");
                case "StopInstances" -> changeState(exchange, params, "StopInstancesResponse", "stopped");
                case "StartInstances" -> changeState(exchange, params, "StartInstancesResponse", "running");
                case "CreateSecurityGroup" -> createSecurityGroup(exchange, params);
                case "DescribeSecurityGroups" -> describeSecurityGroups(exchange, params);
                case "AuthorizeSecurityGroupIngress" -> authorize(exchange, params);
                case "DeleteSecurityGroup" -> deleteSecurityGroup(exchange, params);
                case "CreateKeyPair" -> createKeyPair(exchange, params);
                case "DescribeKeyPairs" -> describeKeyPairs(exchange, params);
                case "DeleteKeyPair" -> {
                    keyPairs.remove(params.get("KeyName"));
                    ok(exchange, "DeleteKeyPairResponse", "<return>true</return>");
                }
                case "DescribeSubnets" -> ok(exchange, "DescribeSubnetsResponse", "<subnetSet><item><subnetId>" + esc(params.get("SubnetId.1"))
                        + "</subnetId><vpcId>vpc-0fake000000000001</vpcId><availabilityZone>us-east-1a</availabilityZone></item></subnetSet>");
                case "DescribeImages" -> ok(exchange, "DescribeImagesResponse", "<imagesSet><item><imageId>" + esc(params.get("ImageId.1"))
                        + "</imageId><rootDeviceName>/dev/sda1</rootDeviceName><rootDeviceType>ebs</rootDeviceType></item></imagesSet>");
                default -> error(exchange, 400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            }
        }
    }

    private void runInstances(HttpExchange exchange, Map<String, String> params) throws IOException {
        String type = params.get("InstanceType");
        boolean spot = "spot".equals(params.get("InstanceMarketOptions.MarketType"));
        if (params.get("ImageId") == null) {
            error(exchange, 400, "MissingParameter", "The request must contain the parameter ImageId");
            return;
        }
        if (noCapacity.contains(type) || (spot && noSpotCapacity.contains(type))) {
            error(exchange, 500, "InsufficientInstanceCapacity", "We currently do not have sufficient " + type
                    + " capacity in the Availability Zone you requested (us-east-1a). Our system will be working on provisioning additional capacity.");
            return;
        }
        String keyName = params.get("KeyName");
        if (keyName != null && !keyPairs.containsKey(keyName)) {
            error(exchange, 400, "InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
            return;
        }
        int count = Integer.parseInt(params.getOrDefault("MaxCount", "1"));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Map<String, String> tags = tags(params, "instance");
            List<String> groups = indexed(params, "SecurityGroupId.");
            String userData = decodeUserData(params.get("UserData"));
            Instance instance = new Instance(nextId(), type, "pending", spot, tags, keyName, groups, userData);
            instances.put(instance.id(), instance);
            items.append(item(instance));
            launched(new LaunchedInstance("aws", instance.id(), tags.get("Name"), type, "us-east-1", userData));
        }
        ok(exchange, "RunInstancesResponse", "<reservationId>r-" + UUID.randomUUID().toString().substring(0, 17).replace("-", "")
                + "</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>" + items + "</instancesSet>");
    }

    private void describeInstances(HttpExchange exchange, Map<String, String> params) {
        List<String> ids = indexed(params, "InstanceId.");
        Map<String, List<String>> filters = filters(params);
        StringBuilder items = new StringBuilder();
        for (Instance instance : List.copyOf(instances.values())) {
            if (!ids.isEmpty() && !ids.contains(instance.id())) {
                continue;
            }
            if (!matches(instance, filters)) {
                continue;
            }
            items.append(item(instance));
            if (instance.state().equals("pending")) {
                instances.put(instance.id(), instance.withState("running"));
            }
        }
        String reservations = items.isEmpty() ? "" : "<item><reservationId>r-0fake</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>"
                + items + "</instancesSet></item>";
        try {
            ok(exchange, "DescribeInstancesResponse", "<reservationSet>" + reservations + "</reservationSet>");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean matches(Instance instance, Map<String, List<String>> filters) {
        for (var filter : filters.entrySet()) {
            String value;
            if (filter.getKey().equals("instance-state-name")) {
                value = instance.state();
            } else if (filter.getKey().startsWith("tag:")) {
                value = instance.tags().get(filter.getKey().substring(4));
            } else {
                continue;
            }
            if (value == null || !filter.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    private void changeState(HttpExchange exchange, Map<String, String> params, String response, String to) throws IOException {
        List<String> ids = indexed(params, "InstanceId.");
        for (String id : ids) {
            if (!instances.containsKey(id)) {
                error(exchange, 400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
                return;
            }
        }
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            Instance before = instances.get(id);
            Instance after = before.withState(to);
            instances.put(id, after);
            if (to.equals("terminated") && !before.state().equals("terminated")) {
                terminated(id);
            }
            items.append("<item><instanceId>").append(id).append("</instanceId><currentState>").append(state(after.state()))
                    .append("</currentState><previousState>").append(state(before.state())).append("</previousState></item>");
        }
        ok(exchange, response, "<instancesSet>" + items + "</instancesSet>");
    }

    private void createSecurityGroup(HttpExchange exchange, Map<String, String> params) throws IOException {
        String name = params.get("GroupName");
        if (securityGroups.values().stream().anyMatch(group -> group.get("name").equals(name))) {
            error(exchange, 400, "InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC 'vpc-0fake000000000001'");
            return;
        }
        String id = "sg-" + hex(17);
        Map<String, String> group = new LinkedHashMap<>(tags(params, "security-group"));
        group.put("name", name);
        group.put("description", params.getOrDefault("GroupDescription", ""));
        securityGroups.put(id, group);
        ok(exchange, "CreateSecurityGroupResponse", "<return>true</return><groupId>" + id + "</groupId>");
    }

    private void describeSecurityGroups(HttpExchange exchange, Map<String, String> params) throws IOException {
        Map<String, List<String>> filters = filters(params);
        StringBuilder items = new StringBuilder();
        securityGroups.forEach((id, group) -> {
            List<String> names = filters.get("group-name");
            if (names == null || names.contains(group.get("name"))) {
                items.append("<item><ownerId>123456789012</ownerId><groupId>").append(id).append("</groupId><groupName>")
                        .append(esc(group.get("name"))).append("</groupName><groupDescription>").append(esc(group.get("description")))
                        .append("</groupDescription><vpcId>vpc-0fake000000000001</vpcId></item>");
            }
        });
        ok(exchange, "DescribeSecurityGroupsResponse", "<securityGroupInfo>" + items + "</securityGroupInfo>");
    }

    private void authorize(HttpExchange exchange, Map<String, String> params) throws IOException {
        String id = params.get("GroupId");
        if (!securityGroups.containsKey(id)) {
            error(exchange, 400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            return;
        }
        List<String> cidrs = new ArrayList<>();
        params.forEach((key, value) -> {
            if (key.matches("IpPermissions\\.\\d+\\.IpRanges\\.\\d+\\.CidrIp")) {
                cidrs.add(params.get(key.replaceFirst("IpRanges.*", "IpProtocol")) + ":" + params.get(key.replaceFirst("IpRanges.*", "FromPort")) + ":" + value);
            }
        });
        ingress.computeIfAbsent(id, g -> new ArrayList<>()).addAll(cidrs);
        ok(exchange, "AuthorizeSecurityGroupIngressResponse", "<return>true</return>");
    }

    private void deleteSecurityGroup(HttpExchange exchange, Map<String, String> params) throws IOException {
        String id = params.get("GroupId");
        if (!securityGroups.containsKey(id)) {
            error(exchange, 400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            return;
        }
        boolean inUse = instances.values().stream().anyMatch(i -> i.securityGroups().contains(id) && !i.state().equals("terminated"));
        if (inUse) {
            error(exchange, 400, "DependencyViolation", "resource " + id + " has a dependent object");
            return;
        }
        securityGroups.remove(id);
        ingress.remove(id);
        ok(exchange, "DeleteSecurityGroupResponse", "<return>true</return>");
    }

    private void createKeyPair(HttpExchange exchange, Map<String, String> params) throws IOException {
        String name = params.get("KeyName");
        if (keyPairs.containsKey(name)) {
            error(exchange, 400, "InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
            return;
        }
        String id = "key-" + hex(17);
        keyPairs.put(name, id);
        ok(exchange, "CreateKeyPairResponse", "<keyName>" + esc(name) + "</keyName><keyFingerprint>1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f</keyFingerprint>"
                + "<keyMaterial>-----BEGIN RSA PRIVATE KEY-----\nZmFrZSBrZXk=\n-----END RSA PRIVATE KEY-----</keyMaterial><keyPairId>" + id + "</keyPairId>");
    }

    private void describeKeyPairs(HttpExchange exchange, Map<String, String> params) throws IOException {
        List<String> names = indexed(params, "KeyName.");
        for (String name : names) {
            if (!keyPairs.containsKey(name)) {
                error(exchange, 400, "InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
                return;
            }
        }
        StringBuilder items = new StringBuilder();
        keyPairs.forEach((name, id) -> {
            if (names.isEmpty() || names.contains(name)) {
                items.append("<item><keyPairId>").append(id).append("</keyPairId><keyName>").append(esc(name)).append("</keyName></item>");
            }
        });
        ok(exchange, "DescribeKeyPairsResponse", "<keySet>" + items + "</keySet>");
    }

    private String item(Instance instance) {
        int n = Integer.parseInt(instance.id().substring(instance.id().length() - 3), 16) % 250 + 1;
        StringBuilder tags = new StringBuilder();
        instance.tags().forEach((key, value) -> tags.append("<item><key>").append(esc(key)).append("</key><value>").append(esc(value)).append("</value></item>"));
        return "<item><instanceId>" + instance.id() + "</instanceId><imageId>ami-0fake</imageId><instanceState>" + state(instance.state())
                + "</instanceState><privateDnsName>ip-10-0-0-" + n + ".ec2.internal</privateDnsName><dnsName/>"
                + (instance.keyName() == null ? "" : "<keyName>" + esc(instance.keyName()) + "</keyName>")
                + "<amiLaunchIndex>0</amiLaunchIndex><instanceType>" + esc(instance.type()) + "</instanceType><launchTime>" + Instant.now()
                + "</launchTime><placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>"
                + "<privateIpAddress>10.0.0." + n + "</privateIpAddress><ipAddress>203.0.113." + n + "</ipAddress>"
                + (instance.spot() ? "<instanceLifecycle>spot</instanceLifecycle>" : "")
                + "<tagSet>" + tags + "</tagSet></item>";
    }

    private static String state(String name) {
        int code = switch (name) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
        return "<code>" + code + "</code><name>" + name + "</name>";
    }

    private String nextId() {
        return "i-0" + String.format("%016x", ++counter + 0xabc000L);
    }

    private static String hex(int length) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, length);
    }

    private static Map<String, String> tags(Map<String, String> params, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int spec = 1; params.containsKey("TagSpecification." + spec + ".ResourceType"); spec++) {
            if (!params.get("TagSpecification." + spec + ".ResourceType").equals(resourceType)) {
                continue;
            }
            for (int tag = 1; params.containsKey("TagSpecification." + spec + ".Tag." + tag + ".Key"); tag++) {
                tags.put(params.get("TagSpecification." + spec + ".Tag." + tag + ".Key"), params.get("TagSpecification." + spec + ".Tag." + tag + ".Value"));
            }
        }
        return tags;
    }

    private static Map<String, List<String>> filters(Map<String, String> params) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            filters.put(params.get("Filter." + i + ".Name"), indexed(params, "Filter." + i + ".Value."));
        }
        return filters;
    }

    private static List<String> indexed(Map<String, String> params, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + i); i++) {
            values.add(params.get(prefix + i));
        }
        return values;
    }

    private static String decodeUserData(String base64) {
        if (base64 == null) {
            return null;
        }
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length > 16 * 1024) {
            throw new IllegalArgumentException("user data over 16 KB");
        }
        try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException notGzip) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String esc(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void ok(HttpExchange exchange, String root, String content) throws IOException {
        send(exchange, 200, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><requestId>"
                + UUID.randomUUID() + "</requestId>" + content + "</" + root + ">");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + esc(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>");
    }
}
