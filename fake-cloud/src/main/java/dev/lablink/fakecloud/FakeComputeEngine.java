package dev.lablink.fakecloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compute Engine's v1 REST API as documented, for zonal instances: insert, get, list (with a
 * label filter), delete, stop and start return Operations, polled at {@code zones/{z}/operations}.
 * A zone out of a machine type answers the insert with an Operation that is DONE with the error
 * {@code ZONE_RESOURCE_POOL_EXHAUSTED}, as Compute Engine does; missing resources are 404s with
 * the usual {@code {"error": {"code", "message", "errors": [{"reason"}]}}} body.
 */
public final class FakeComputeEngine extends FakeHttpServer {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern ZONAL = Pattern.compile("/compute/v1/projects/([^/]+)/zones/([^/]+)/(instances|operations)(?:/([^/]+))?(?:/(stop|start))?");
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String BASE = "https://www.googleapis.com/compute/v1/projects/";

    private final Map<String, ObjectNode> instances = new LinkedHashMap<>();
    private final Map<String, ObjectNode> operations = new LinkedHashMap<>();
    private final Set<String> exhausted = new HashSet<>();
    private final AtomicLong ids = new AtomicLong(4_611_686_018_427_387_000L);
    private final java.util.Deque<String[]> faults = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public FakeComputeEngine(int port) {
        super(port);
    }

    /** The endpoint as the Compute client takes it. */
    public String apiEndpoint() {
        return endpoint().toString() + "/";
    }

    /** Inserting {@code machineType} in {@code zone} ends in ZONE_RESOURCE_POOL_EXHAUSTED. */
    public synchronized FakeComputeEngine exhaust(String zone, String machineType) {
        exhausted.add(zone + "/" + machineType);
        return this;
    }

    /** The next instance insert is refused with this HTTP status, reason and message. */
    public FakeComputeEngine failNextInsert(int status, String reason, String message) {
        faults.add(new String[] {String.valueOf(status), reason, message});
        return this;
    }

    public synchronized List<JsonNode> instances() {
        return List.copyOf(instances.values());
    }

    /** Loses an instance the way a host failure does. */
    public synchronized void lose(String zone, String name) {
        instances.remove(zone + "/" + name);
    }

    @Override
    void handle(HttpExchange exchange, String body) throws IOException {
        Matcher route = ZONAL.matcher(exchange.getRequestURI().getPath());
        if (!route.matches()) {
            error(exchange, 404, "The requested URL " + exchange.getRequestURI().getPath() + " was not found on this server.", "notFound");
            return;
        }
        String project = route.group(1);
        String zone = route.group(2);
        String collection = route.group(3);
        String name = route.group(4);
        String action = route.group(5);
        String method = exchange.getRequestMethod();
        synchronized (this) {
            if (collection.equals("operations") && method.equals("GET") && name != null) {
                ObjectNode operation = operations.get(name);
                if (operation == null) {
                    notFound(exchange, project, zone, "operations", name);
                } else {
                    send(exchange, 200, "application/json", JSON.writeValueAsString(operation));
                }
            } else if (method.equals("POST") && name == null) {
                insert(exchange, project, zone, JSON.readTree(body));
            } else if (method.equals("GET") && name == null) {
                list(exchange, zone, filter(exchange.getRequestURI().getRawQuery()));
            } else if (method.equals("GET")) {
                ObjectNode instance = instances.get(zone + "/" + name);
                if (instance == null) {
                    notFound(exchange, project, zone, "instances", name);
                } else {
                    send(exchange, 200, "application/json", JSON.writeValueAsString(instance));
                }
            } else if (method.equals("DELETE") || (method.equals("POST") && action != null)) {
                change(exchange, project, zone, name, method.equals("DELETE") ? "delete" : action);
            } else {
                error(exchange, 405, "Method " + method + " is not allowed here.", "badRequest");
            }
        }
    }

    private void insert(HttpExchange exchange, String project, String zone, JsonNode request) throws IOException {
        String[] fault = faults.poll();
        if (fault != null) {
            error(exchange, Integer.parseInt(fault[0]), fault[2], fault[1]);
            return;
        }
        String name = request.path("name").asString("");
        if (!NAME.matcher(name).matches()) {
            error(exchange, 400, "Invalid value for field 'resource.name': '" + name + "'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'",
                    "invalid");
            return;
        }
        if (instances.containsKey(zone + "/" + name)) {
            error(exchange, 409, "The resource 'projects/" + project + "/zones/" + zone + "/instances/" + name + "' already exists", "alreadyExists");
            return;
        }
        String machineType = request.path("machineType").asString("");
        machineType = machineType.substring(machineType.lastIndexOf('/') + 1);
        String target = BASE + project + "/zones/" + zone + "/instances/" + name;
        if (exhausted.contains(zone + "/" + machineType)) {
            ObjectNode operation = operation(project, zone, "insert", target, "0");
            ObjectNode error = operation.putObject("error");
            error.putArray("errors").addObject().put("code", "ZONE_RESOURCE_POOL_EXHAUSTED")
                    .put("message", "The zone 'projects/" + project + "/zones/" + zone
                            + "' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.");
            operation.put("httpErrorStatusCode", 503);
            operation.put("httpErrorMessage", "SERVICE UNAVAILABLE");
            send(exchange, 200, "application/json", JSON.writeValueAsString(operation));
            return;
        }
        String id = String.valueOf(ids.incrementAndGet());
        ObjectNode instance = ((ObjectNode) request).deepCopy();
        int n = instances.size() + 2;
        instance.put("kind", "compute#instance");
        instance.put("id", id);
        instance.put("zone", BASE + project + "/zones/" + zone);
        instance.put("machineType", BASE + project + "/zones/" + zone + "/machineTypes/" + machineType);
        instance.put("status", "RUNNING");
        instance.put("selfLink", target);
        instance.put("creationTimestamp", Instant.now().toString());
        if (instance.path("networkInterfaces").isArray() && !instance.path("networkInterfaces").isEmpty()) {
            ObjectNode nic = (ObjectNode) instance.path("networkInterfaces").get(0);
            nic.put("networkIP", "10.128.0." + n);
            if (nic.path("accessConfigs").isArray() && !nic.path("accessConfigs").isEmpty()) {
                ((ObjectNode) nic.path("accessConfigs").get(0)).put("natIP", "203.0.113." + n);
            }
        }
        instances.put(zone + "/" + name, instance);
        launched(new LaunchedInstance("gce", id, name, machineType, zone, startupScript(instance)));
        send(exchange, 200, "application/json", JSON.writeValueAsString(operation(project, zone, "insert", target, id)));
    }

    private static String startupScript(JsonNode instance) {
        for (JsonNode item : instance.path("metadata").path("items")) {
            if (item.path("key").asString().equals("startup-script")) {
                return item.path("value").asString();
            }
        }
        return null;
    }

    private void list(HttpExchange exchange, String zone, Map<String, String> labels) throws IOException {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "compute#instanceList");
        List<JsonNode> items = new ArrayList<>();
        instances.forEach((key, instance) -> {
            if (key.startsWith(zone + "/") && labels.entrySet().stream()
                    .allMatch(label -> label.getValue().equals(instance.path("labels").path(label.getKey()).asString(null)))) {
                items.add(instance);
            }
        });
        if (!items.isEmpty()) {
            list.putArray("items").addAll(items);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(list));
    }

    /** The label clauses of a list filter: {@code labels.KEY = "VALUE"} joined by AND. */
    private static Map<String, String> filter(String rawQuery) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (rawQuery == null) {
            return labels;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("filter=")) {
                String filter = URLDecoder.decode(pair.substring("filter=".length()), StandardCharsets.UTF_8);
                Matcher clause = Pattern.compile("labels\\.([a-z0-9_-]+)\\s*=\\s*\"?([a-z0-9_-]*)\"?").matcher(filter);
                while (clause.find()) {
                    labels.put(clause.group(1), clause.group(2));
                }
            }
        }
        return labels;
    }

    private void change(HttpExchange exchange, String project, String zone, String name, String action) throws IOException {
        ObjectNode instance = instances.get(zone + "/" + name);
        if (instance == null) {
            notFound(exchange, project, zone, "instances", name);
            return;
        }
        switch (action) {
            case "delete" -> instances.remove(zone + "/" + name);
            case "stop" -> instance.put("status", "TERMINATED");
            default -> instance.put("status", "RUNNING");
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(operation(project, zone, action, instance.path("selfLink").asString(),
                instance.path("id").asString())));
    }

    private ObjectNode operation(String project, String zone, String type, String target, String targetId) {
        String id = String.valueOf(ids.incrementAndGet());
        String name = "operation-" + id;
        String now = Instant.now().toString();
        ObjectNode operation = JSON.createObjectNode();
        operation.put("kind", "compute#operation");
        operation.put("id", id);
        operation.put("name", name);
        operation.put("zone", BASE + project + "/zones/" + zone);
        operation.put("operationType", type);
        operation.put("targetLink", target);
        operation.put("targetId", targetId);
        operation.put("status", "DONE");
        operation.put("progress", 100);
        operation.put("insertTime", now);
        operation.put("startTime", now);
        operation.put("endTime", now);
        operation.put("selfLink", BASE + project + "/zones/" + zone + "/operations/" + name);
        operations.put(name, operation);
        return operation;
    }

    private static void notFound(HttpExchange exchange, String project, String zone, String collection, String name) throws IOException {
        error(exchange, 404, "The resource 'projects/" + project + "/zones/" + zone + "/" + collection + "/" + name + "' was not found", "notFound");
    }

    private static void error(HttpExchange exchange, int status, String message, String reason) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }
}
