package dev.lablink.fakecloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lambda Cloud's v1 API as documented: Bearer auth, {@code {"data": …}} bodies, errors as
 * {@code {"error": {"code", "message", "suggestion"}}}. Capacity is a number of free slots per
 * type and region; a launch takes one and fails with {@code insufficient-capacity} when none is left.
 */
public final class FakeLambdaCloud extends FakeHttpServer {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private record InstanceType(String name, String description, int priceCents, int gpus) {
    }

    private record Fault(String pathSuffix, int status, String code, String message) {
    }

    private final String apiKey;
    private final Map<String, InstanceType> types = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> slots = new LinkedHashMap<>();
    private final Map<String, ObjectNode> instances = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sshKeys = new LinkedHashMap<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();

    public FakeLambdaCloud(int port, String apiKey) {
        super(port);
        this.apiKey = apiKey;
        addType("gpu_1x_gh200", "1x GH200 (96 GB)", 149, 1);
        addType("gpu_1x_h100_sxm5", "1x H100 (80 GB SXM5)", 329, 1);
        addType("gpu_1x_h100_pcie", "1x H100 (80 GB PCIe)", 249, 1);
        addType("gpu_1x_a100_sxm4", "1x A100 (40 GB SXM4)", 129, 1);
        addType("gpu_1x_a100", "1x A100 (40 GB PCIe)", 129, 1);
        addType("gpu_1x_a6000", "1x A6000 (48 GB)", 80, 1);
        addType("gpu_1x_rtx6000", "1x RTX 6000 (24 GB)", 50, 1);
        addType("gpu_1x_a10", "1x A10 (24 GB PCIe)", 75, 1);
        addType("gpu_8x_h100_sxm5", "8x H100 (80 GB SXM5)", 2392, 8);
        addType("gpu_8x_a100", "8x A100 (40 GB SXM4)", 1032, 8);
    }

    /** The API's base URL, as {@code lambda.endpoint} takes it. */
    public String apiBase() {
        return endpoint() + "/api/v1";
    }

    private void addType(String name, String description, int priceCents, int gpus) {
        types.put(name, new InstanceType(name, description, priceCents, gpus));
    }

    /** Makes {@code count} launches of {@code type} in {@code region} possible (0 takes the region's capacity away). */
    public synchronized FakeLambdaCloud capacity(String type, String region, int count) {
        if (!types.containsKey(type)) {
            throw new IllegalArgumentException("the fake does not sell " + type + "; it sells " + types.keySet());
        }
        slots.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(region, count);
        return this;
    }

    /** The next request whose path ends with {@code pathSuffix} fails with this status and Lambda error code. */
    public FakeLambdaCloud failNext(String pathSuffix, int status, String code, String message) {
        faults.add(new Fault(pathSuffix, status, code, message));
        return this;
    }

    public synchronized List<JsonNode> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized List<String> sshKeyNames() {
        return sshKeys.values().stream().map(key -> key.path("name").asString()).toList();
    }

    /** Starts an instance behind the allocator's back, as someone using the same account would. */
    public synchronized String launchStray(String name, String type, String region, String sshKeyName) {
        return launchOne(name, type, region, sshKeyName, null, null);
    }

    /** Loses an instance the way a host failure does: it is gone from every listing. */
    public synchronized void lose(String instanceId) {
        instances.remove(instanceId);
    }

    @Override
    void handle(HttpExchange exchange, String body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + apiKey)) {
            error(exchange, 401, "global/invalid-api-key", "API key was invalid, expired, or deleted.",
                    "Check your API key or create a new one, then try again.");
            return;
        }
        Optional<Fault> fault = takeFault(path);
        if (fault.isPresent()) {
            error(exchange, fault.get().status(), fault.get().code(), fault.get().message(), null);
            return;
        }
        String method = exchange.getRequestMethod();
        String route = path.replaceFirst("^/api/v1", "");
        synchronized (this) {
            if (method.equals("GET") && route.equals("/instance-types")) {
                data(exchange, instanceTypes());
            } else if (method.equals("GET") && route.equals("/instances")) {
                ArrayNode list = JSON.createArrayNode();
                instances.values().forEach(instance -> {
                    list.add(instance.deepCopy());
                    instance.put("status", "active");
                });
                data(exchange, list);
            } else if (method.equals("GET") && route.startsWith("/instances/")) {
                ObjectNode instance = instances.get(route.substring("/instances/".length()));
                if (instance == null) {
                    error(exchange, 404, "global/object-does-not-exist", "Specified instance does not exist.", null);
                } else {
                    data(exchange, instance);
                }
            } else if (method.equals("POST") && route.equals("/instance-operations/launch")) {
                launch(exchange, JSON.readTree(body));
            } else if (method.equals("POST") && route.equals("/instance-operations/terminate")) {
                terminate(exchange, JSON.readTree(body));
            } else if (method.equals("GET") && route.equals("/ssh-keys")) {
                ArrayNode list = JSON.createArrayNode();
                sshKeys.values().forEach(key -> list.add(key.deepCopy().without("private_key")));
                data(exchange, list);
            } else if (method.equals("POST") && route.equals("/ssh-keys")) {
                addKey(exchange, JSON.readTree(body));
            } else if (method.equals("DELETE") && route.startsWith("/ssh-keys/")) {
                deleteKey(exchange, route.substring("/ssh-keys/".length()));
            } else {
                error(exchange, 404, "global/object-does-not-exist", "No such endpoint: " + method + " " + path, null);
            }
        }
    }

    private Optional<Fault> takeFault(String path) {
        for (Fault fault : faults) {
            if (path.endsWith(fault.pathSuffix()) && faults.remove(fault)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private ObjectNode instanceTypes() {
        ObjectNode data = JSON.createObjectNode();
        for (InstanceType type : types.values()) {
            ObjectNode entry = data.putObject(type.name());
            ObjectNode instanceType = entry.putObject("instance_type");
            instanceType.put("name", type.name());
            instanceType.put("description", type.description());
            instanceType.put("gpu_description", type.description().replaceFirst("^\\d+x ", ""));
            instanceType.put("price_cents_per_hour", type.priceCents());
            ObjectNode specs = instanceType.putObject("specs");
            specs.put("vcpus", 30 * type.gpus());
            specs.put("memory_gib", 200 * type.gpus());
            specs.put("storage_gib", 512 * type.gpus());
            specs.put("gpus", type.gpus());
            ArrayNode regions = entry.putArray("regions_with_capacity_available");
            slots.getOrDefault(type.name(), Map.of()).forEach((region, free) -> {
                if (free > 0) {
                    regions.addObject().put("name", region).put("description", region);
                }
            });
        }
        return data;
    }

    private void launch(HttpExchange exchange, JsonNode request) throws IOException {
        String type = request.path("instance_type_name").asString("");
        String region = request.path("region_name").asString("");
        JsonNode keys = request.path("ssh_key_names");
        if (!types.containsKey(type)) {
            fieldError(exchange, "instance_type_name", "Invalid instance type name: " + type);
            return;
        }
        if (region.isEmpty()) {
            fieldError(exchange, "region_name", "region_name is required");
            return;
        }
        if (!keys.isArray() || keys.size() != 1) {
            fieldError(exchange, "ssh_key_names", "Exactly one SSH key name is required");
            return;
        }
        String keyName = keys.get(0).asString();
        if (sshKeys.values().stream().noneMatch(key -> key.path("name").asString().equals(keyName))) {
            fieldError(exchange, "ssh_key_names", "SSH key not found: " + keyName);
            return;
        }
        int quantity = request.path("quantity").asInt(1);
        int free = slots.getOrDefault(type, Map.of()).getOrDefault(region, 0);
        if (free < 1) {
            error(exchange, 400, "instance-operations/launch/insufficient-capacity", "Not enough capacity to fulfill launch request.",
                    "Choose an instance type with more availability, or try again later.");
            return;
        }
        ArrayNode ids = JSON.createArrayNode();
        for (int i = 0; i < Math.min(quantity, free); i++) {
            ids.add(launchOne(request.path("name").asString(null), type, region, keyName, request.path("user_data").asString(null), request.path("tags")));
        }
        slots.get(type).put(region, free - ids.size());
        ObjectNode data = JSON.createObjectNode();
        data.set("instance_ids", ids);
        data(exchange, data);
    }

    private String launchOne(String name, String type, String region, String keyName, String userData, JsonNode tags) {
        String id = UUID.randomUUID().toString().replace("-", "");
        ObjectNode instance = JSON.createObjectNode();
        instance.put("id", id);
        instance.put("name", name);
        instance.put("ip", "198.51.100." + (instances.size() + 10));
        instance.put("status", "booting");
        instance.putArray("ssh_key_names").add(keyName);
        instance.putArray("file_system_names");
        instance.putObject("region").put("name", region).put("description", region);
        InstanceType instanceType = types.get(type);
        instance.putObject("instance_type").put("name", type).put("description", instanceType.description())
                .put("price_cents_per_hour", instanceType.priceCents());
        instance.put("hostname", id.substring(0, 12) + ".cloud.lambdalabs.com");
        if (tags != null && tags.isArray()) {
            instance.set("tags", tags);
        }
        instances.put(id, instance);
        launched(new LaunchedInstance("lambda", id, name, type, region, userData));
        return id;
    }

    private void terminate(HttpExchange exchange, JsonNode request) throws IOException {
        List<ObjectNode> terminated = new ArrayList<>();
        for (JsonNode id : request.path("instance_ids")) {
            if (!instances.containsKey(id.asString())) {
                error(exchange, 404, "global/object-does-not-exist", "Specified instance does not exist.", null);
                return;
            }
        }
        for (JsonNode id : request.path("instance_ids")) {
            ObjectNode instance = instances.remove(id.asString());
            instance.put("status", "terminated");
            terminated.add(instance);
            terminated(id.asString());
        }
        ObjectNode data = JSON.createObjectNode();
        data.putArray("terminated_instances").addAll(terminated);
        data(exchange, data);
    }

    private void addKey(HttpExchange exchange, JsonNode request) throws IOException {
        String name = request.path("name").asString("");
        if (sshKeys.values().stream().anyMatch(key -> key.path("name").asString().equals(name))) {
            fieldError(exchange, "name", "SSH key with this name already exists");
            return;
        }
        ObjectNode key = JSON.createObjectNode();
        key.put("id", UUID.randomUUID().toString().replace("-", ""));
        key.put("name", name);
        if (request.hasNonNull("public_key")) {
            key.put("public_key", request.path("public_key").asString());
        } else {
            key.put("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE " + name);
            key.put("private_key", "-----BEGIN OPENSSH PRIVATE KEY-----\nZmFrZSBrZXkgZm9yIHRlc3Rz\n-----END OPENSSH PRIVATE KEY-----\n");
        }
        sshKeys.put(key.path("id").asString(), key);
        data(exchange, key);
    }

    private void deleteKey(HttpExchange exchange, String id) throws IOException {
        ObjectNode key = sshKeys.get(id);
        if (key == null) {
            error(exchange, 404, "global/object-does-not-exist", "Specified SSH key does not exist.", null);
            return;
        }
        String name = key.path("name").asString();
        boolean inUse = instances.values().stream().anyMatch(i -> i.path("ssh_key_names").toString().contains("\"" + name + "\""));
        if (inUse) {
            error(exchange, 400, "ssh-keys/key-in-use", "SSH key is in use by an instance.", "Terminate the instances that use it first.");
            return;
        }
        sshKeys.remove(id);
        data(exchange, JSON.createObjectNode());
    }

    private static void data(HttpExchange exchange, JsonNode data) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        send(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    private static void fieldError(HttpExchange exchange, String field, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", "global/invalid-parameters").put("message", "Invalid request parameters.");
        body.putObject("field_errors").putObject(field).put("code", "global/invalid-parameters").put("message", message);
        send(exchange, 400, "application/json", JSON.writeValueAsString(body));
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String suggestion) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (suggestion != null) {
            error.put("suggestion", suggestion);
        }
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }
}
