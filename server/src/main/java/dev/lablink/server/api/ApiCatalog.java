package dev.lablink.server.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OpenAPI document says about each operation: its feature (tag), who may call it, a
 * summary and, for the main bodies, an example. Kept in one place so that a new route without an
 * entry shows up in ApiDocumentTest rather than as a bare operation in Swagger UI.
 */
final class ApiCatalog {
    enum Door { NONE, ADMIN, MACHINE, CLIENT }

    record Entry(String tag, Door door, String summary, Object example) {
    }

    static final String PARTICIPANTS = "Participants";
    static final String MACHINES = "Machines";
    static final String LOGS = "Logs";
    static final String EVENTS = "Events";
    static final String CAPACITY = "Capacity";
    static final String DEPLOYMENT = "Deployment";
    static final String AGENT = "Agent";
    static final String ADMINS = "Admins and tokens";
    static final String CLIENT = "LabLink client protocol";
    static final String ROSTER = "Roster";
    static final String IMAGES = "Images";

    private static final List<Tag> TAGS = List.of(
            new Tag().name(PARTICIPANTS).description("Claiming a seat and counting free ones; no login"),
            new Tag().name(MACHINES).description("Creating, listing, releasing and destroying machines (admin)"),
            new Tag().name(LOGS).description("Machines' logs, paged or as a file (admin)"),
            new Tag().name(EVENTS).description("The audit trail (admin)"),
            new Tag().name(CAPACITY).description("What the providers can launch, and what a batch would pick (admin)"),
            new Tag().name(DEPLOYMENT).description("Reconciliation, orphans, usage, and taking everything down (admin)"),
            new Tag().name(ROSTER).description("Who may claim with participants.access: roster: import a CSV, list, export, remove (admin)"),
            new Tag().name(IMAGES).description("The image catalog: the tags of the images in each configured registry, and rescans (admin)"),
            new Tag().name(ADMINS).description("Admin accounts (roles admin and viewer) and API tokens; a viewer may only read, "
                    + "and change their own password and tokens"),
            new Tag().name(AGENT).description("What a machine's agent calls, with its machine token"),
            new Tag().name(CLIENT).description("LabLink's own client images and pages (compat.enabled); errors are {\"error\": …}"));

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    /** What each query or path parameter means, by name (the same name means the same thing everywhere). */
    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("name", "the machine's name, as listed by GET /api/v1/vms"),
            Map.entry("state", "a machine state (PROVISIONING, BOOTING, READY, ASSIGNED, IN_USE, UNREACHABLE, FAILED, TERMINATING, TERMINATED); repeat for several"),
            Map.entry("all", "true to destroy every machine"),
            Map.entry("after", "the id after which the page starts: 0, or the last page's next_after"),
            Map.entry("since", "only lines from this time on, like 2026-11-23T10:15:30Z"),
            Map.entry("stream", "only lines of this stream (agent, boot, session, …)"),
            Map.entry("q", "only lines containing this text (case-insensitive)"),
            Map.entry("limit", "how many per page"),
            Map.entry("raw", "true to keep terminal escape sequences as the machine sent them"),
            Map.entry("before", "the id before which the page starts: the last page's next_before"),
            Map.entry("machine", "only events of this machine"),
            Map.entry("provider", "a provider configured on this allocator"),
            Map.entry("providerId", "the provider's own id of the machine"),
            Map.entry("tier", "a tier group, such as H100_OR_LESS"),
            Map.entry("machine_type", "a provider's machine type"),
            Map.entry("region", "a provider's region"),
            Map.entry("current", "the claim id the agent serves now; the poll answers when the assignment differs"),
            Map.entry("wait", "seconds to wait for a change, 0 to 120"),
            Map.entry("started_at", "when the agent's process started, like 2026-11-23T10:15:30Z"),
            Map.entry("revision", "the revision of the assignment the agent serves now; a new connect code or ssh key changes it, and the poll answers"),
            Map.entry("hostname", "the client machine's hostname"),
            Map.entry("num_vms", "how many machines to launch"),
            Map.entry("replace", "true to make the file the whole roster (people not in it are removed); false adds to it"),
            Map.entry("confirm", "true to empty the roster"),
            Map.entry("email", "a person's email, as listed by GET /api/v1/roster"),
            Map.entry("username", "an admin account's user name, as listed by GET /api/v1/admins"),
            Map.entry("id", "the API token's id, as listed by GET /api/v1/tokens"),
            Map.entry("registry", "a registries[].name from lablink.yaml"),
            Map.entry("gone", "true to include the tags the last rescan no longer found (with gone_at)"),
            Map.entry("Content-Encoding", "gzip when the body is gzip-compressed"));

    static {
        add("POST /api/v1/claims", PARTICIPANTS, Door.ADMIN, "Claim a seat on a participant's behalf: the same email always gets its own machine back",
                Map.of("email", "ada@example.org"));
        add("GET /api/v1/seats", PARTICIPANTS, Door.NONE, "Count seats: total, free and starting");
        add("GET /api/v1/vms", MACHINES, Door.ADMIN, "List machines, optionally of some states (?state=READY&state=IN_USE)");
        add("POST /api/v1/vms", MACHINES, Door.ADMIN, "Create a batch of machines (count 1 to machine.max_count)",
                Map.of("count", 2, "tier", "gpu"));
        add("DELETE /api/v1/vms", MACHINES, Door.ADMIN, "Destroy every machine (needs ?all=true)");
        add("GET /api/v1/vms/{name}", MACHINES, Door.ADMIN, "Show one machine");
        add("GET /api/v1/vms/{name}/ssh", MACHINES, Door.ADMIN,
                "The ssh port and user of a machine's session, for lablink ssh (also with a participant's seat token, for their own machine)");
        add("GET /api/v1/ssh", MACHINES, Door.ADMIN,
                "The ssh port and user of every machine the caller may reach, for lablink ssh-config (a seat token: the participant's own)");
        add("DELETE /api/v1/vms/{name}", MACHINES, Door.ADMIN, "Destroy one machine");
        add("POST /api/v1/vms/{name}/release", MACHINES, Door.ADMIN, "End the claim on a machine; it is destroyed and replaced");
        add("GET /api/v1/vms/{name}/logs", LOGS, Door.ADMIN, "Page through a machine's log lines, filtered by time, stream or text");
        add("GET /api/v1/vms/{name}/logs.txt", LOGS, Door.ADMIN, "Download a machine's whole log as text");
        add("GET /api/v1/events", EVENTS, Door.ADMIN, "Page through events, newest first, optionally of one machine");
        add("GET /api/v1/capacity", CAPACITY, Door.ADMIN, "Ask the providers (or one) what they can launch now");
        add("GET /api/v1/capacity/plan", CAPACITY, Door.ADMIN, "Show where a batch would be placed, without launching");
        add("POST /api/v1/reconcile", DEPLOYMENT, Door.ADMIN, "Compare the database with every provider now");
        add("POST /api/v1/orphans/{provider}/{providerId}/destroy", DEPLOYMENT, Door.ADMIN, "Destroy a provider's machine this allocator does not know");
        add("GET /api/v1/usage", DEPLOYMENT, Door.ADMIN, "Machine hours used, by provider and type");
        add("POST /api/v1/down", DEPLOYMENT, Door.ADMIN, "Take the whole deployment down: every machine and what the providers created");
        add("POST /api/v1/roster", ROSTER, Door.ADMIN, "Import a roster CSV (email,name,group); every bad row by line, nothing imported then");
        add("GET /api/v1/roster", ROSTER, Door.ADMIN, "List the roster (?q= searches), with the seat each person holds; Accept: text/csv exports it");
        add("GET /api/v1/roster.csv", ROSTER, Door.ADMIN, "Export the roster as CSV that imports back unchanged");
        add("DELETE /api/v1/roster", ROSTER, Door.ADMIN, "Empty the roster (needs ?confirm=true)");
        add("DELETE /api/v1/roster/{email}", ROSTER, Door.ADMIN, "Take one person off the roster");
        add("GET /api/v1/images", IMAGES, Door.ADMIN, "List the image catalog (?registry= one registry), with each registry's last rescan");
        add("GET /api/v1/images/scans", IMAGES, Door.ADMIN, "Each registry's rescan: running (tags read of listed) or how the last one went");
        add("POST /api/v1/images/rescan", IMAGES, Door.ADMIN, "Rescan one registry (?registry=) or all, in the background; 202 names what started");
        add("GET /api/v1/admins", ADMINS, Door.ADMIN, "List admin accounts with their role and login lock-out");
        add("POST /api/v1/admins", ADMINS, Door.ADMIN, "Add an admin account (role admin or viewer); a generated password is returned once",
                Map.of("username", "grace", "role", "viewer"));
        add("DELETE /api/v1/admins/{username}", ADMINS, Door.ADMIN, "Remove an admin account and its tokens (not the last admin)");
        add("POST /api/v1/admins/{username}/password", ADMINS, Door.ADMIN, "Set a password (a viewer only their own); generated and returned once when left out",
                Map.of("password", "correct horse battery staple"));
        add("GET /api/v1/tokens", ADMINS, Door.ADMIN, "List your API tokens (admins: everyone's with ?all=true)");
        add("POST /api/v1/tokens", ADMINS, Door.ADMIN, "Create an API token for yourself; the token is returned only this once",
                Map.of("name", "ci"));
        add("DELETE /api/v1/tokens/{id}", ADMINS, Door.ADMIN, "Revoke an API token (your own, or any for an admin)");
        add("POST /api/v1/cli-login/token", ADMINS, Door.NONE, "lablink login: trade the one-time code and its verifier for an API token (once, within 2 minutes)",
                Map.of("code", "…", "verifier", "…"));
        add("POST /api/v1/agent/register", AGENT, Door.MACHINE, "Register the agent: the machine becomes READY",
                Map.of("hostname", "lablink-vm-1", "agent_version", "1.0.0", "protocol_version", 2, "pid", 4242, "started_at", "2026-11-23T10:15:30Z"));
        add("GET /api/v1/agent/orders", AGENT, Door.MACHINE, "Fetch the agent's orders to prepare the machine (clone, pull) before it registers; no state change");
        add("GET /api/v1/agent/assignment", AGENT, Door.MACHINE, "Long-poll for the machine's assignment (wait 0 to 120 seconds)");
        add("POST /api/v1/agent/state", AGENT, Door.MACHINE, "Report IN_USE once the session runs, or FAILED with a reason",
                Map.of("state", "IN_USE", "claim_id", 1));
        add("POST /api/v1/agent/heartbeat", AGENT, Door.MACHINE, "Send a heartbeat with the machine's health and the session ports that answer (ready_ports)");
        add("POST /api/v1/agent/gpu", AGENT, Door.MACHINE, "Send a GPU reading; the answer is the machine's GPU health");
        add("POST /api/v1/agent/logs", AGENT, Door.MACHINE, "Send a batch of log lines (JSON, gzip allowed)",
                Map.of("lines", List.of(Map.of("stream", "agent", "seq", 0, "at", "2026-11-23T10:15:30Z", "text", "agent started"))));
        add("POST /vm_startup", CLIENT, Door.CLIENT, "Long-poll for the machine's participant: PIN and CRD command",
                Map.of("hostname", "lab-vm-1"));
        add("POST /api/vm-status", CLIENT, Door.CLIENT, "Announce the machine and its status (initializing, running, error, unknown, rebooting)",
                Map.of("hostname", "lab-vm-1", "status", "running"));
        add("GET /api/vm-status", CLIENT, Door.CLIENT, "Every client machine's status, by hostname");
        add("GET /api/vm-status/{hostname}", CLIENT, Door.CLIENT, "One client machine's status");
        add("POST /api/gpu_health", CLIENT, Door.CLIENT, "Report GPU health: Healthy, Unhealthy or N/A",
                Map.of("hostname", "lab-vm-1", "gpu_status", "Healthy"));
        add("POST /api/update_inuse_status", CLIENT, Door.CLIENT, "Report whether the participant's software runs",
                Map.of("hostname", "lab-vm-1", "status", true));
        add("POST /api/vm-logs", CLIENT, Door.CLIENT, "Append log lines (a group ending in -docker holds container logs)",
                Map.of("log_group", "lab-docker", "log_stream", "lab-vm-1", "messages", List.of("container started")));
        add("GET /api/vm-logs/{hostname}", CLIENT, Door.CLIENT, "Read a client machine's logs");
        add("POST /api/vm-metrics/{hostname}", CLIENT, Door.CLIENT, "Report start-up timings (epoch seconds)",
                Map.of("cloud_init_start", 1763892930, "cloud_init_end", 1763893050));
        add("POST /api/heartbeat", CLIENT, Door.CLIENT, "Heartbeat of a client machine, every 30 seconds",
                Map.of("vm_id", "lab-vm-1", "boot_id", "b1", "timestamp", "2026-11-23T10:15:30Z", "crd_active", true, "disk_free_pct", 80));
        add("GET /api/unassigned_vms_count", CLIENT, Door.NONE, "Count running client machines without a participant");
        add("POST /api/request_vm", CLIENT, Door.NONE, "LabLink's request form (form email, crd_command): the seat page, as HTML");
        add("POST /api/launch", CLIENT, Door.ADMIN, "Launch more machines (form num_vms)");
        add("POST /destroy", CLIENT, Door.ADMIN, "Destroy every machine");
    }

    private static void add(String key, String tag, Door door, String summary) {
        add(key, tag, door, summary, null);
    }

    private static void add(String key, String tag, Door door, String summary, Object example) {
        ENTRIES.put(key, new Entry(tag, door, summary, example));
    }

    void describe(OpenAPI api) {
        api.setTags(new ArrayList<>(TAGS));
        api.getComponents().addSchemas("Problem", new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema()).addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema().description("what is wrong and how to fix it"))
                .addProperty("instance", new StringSchema()).addProperty("field", new StringSchema().description("the parameter or field at fault")));
        api.getComponents().addSchemas("ClientError", new ObjectSchema().addProperty("error", new StringSchema()));
        api.getComponents().addSchemas("LogBatch", new ObjectSchema().addRequiredItem("lines").addProperty("lines", new ArraySchema()
                .maxItems(10_000).items(new ObjectSchema().addRequiredItem("stream").addRequiredItem("seq").addRequiredItem("text")
                        .addProperty("stream", new StringSchema().maxLength(200)).addProperty("seq", new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ZERO))
                        .addProperty("at", new StringSchema().format("date-time")).addProperty("text", new StringSchema()))));
        addRequestForm(api);
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Entry entry = ENTRIES.get(method.name() + " " + path);
            if (entry != null) {
                describe(path, operation, entry);
            }
        }));
        Operation logs = api.getPaths().get("/api/v1/agent/logs").getPost();
        logs.getRequestBody().setContent(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/LogBatch")).example(ENTRIES.get("POST /api/v1/agent/logs").example())));
    }

    private static void describe(String path, Operation operation, Entry entry) {
        operation.setTags(List.of(entry.tag()));
        operation.setSummary(entry.summary());
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> p.getDescription() == null)
                    .forEach(p -> p.setDescription(PARAMETERS.get(p.getName())));
        }
        switch (entry.door()) {
            case ADMIN -> operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.ADMIN),
                    new SecurityRequirement().addList(OpenApiConfiguration.ADMIN_TOKEN)));
            case MACHINE -> operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.MACHINE)));
            case CLIENT -> operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.CLIENT)));
            case NONE -> operation.setSecurity(List.of());
        }
        if (entry.example() != null && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(entry.example()));
        }
        boolean client = entry.tag().equals(CLIENT);
        String schema = client ? "ClientError" : "Problem";
        operation.getResponses().addApiResponse("4XX", new ApiResponse()
                .description(client ? "Refused: {\"error\": what is wrong}" : "Refused: what is wrong and how to fix it, naming the field")
                .content(new Content().addMediaType(client ? "application/json" : "application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)))));
    }

    /** A page route (it answers HTML), so springdoc does not list it by itself. */
    private static void addRequestForm(OpenAPI api) {
        if (api.getPaths().containsKey("/api/request_vm")) {
            return;
        }
        Operation form = new Operation().operationId("requestVm").requestBody(new RequestBody().required(true).content(new Content()
                .addMediaType("application/x-www-form-urlencoded", new MediaType().schema(new ObjectSchema()
                        .addProperty("email", new StringSchema()).addProperty("crd_command", new StringSchema())))))
                .responses(new io.swagger.v3.oas.models.responses.ApiResponses().addApiResponse("200", new ApiResponse()
                        .description("The seat page with the machine and its PIN, or the form with the problem")
                        .content(new Content().addMediaType("text/html", new MediaType().schema(new StringSchema())))));
        api.getPaths().addPathItem("/api/request_vm", new PathItem().post(form));
    }
}
