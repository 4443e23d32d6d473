package dev.lablink.cli;

import tools.jackson.databind.JsonNode;

/** A machine's ssh port and user as the allocator gives them (session.ssh); {@code user} null when the config names none. */
record SshAccess(String machine, int port, String user) {
    static SshAccess of(JsonNode json) {
        String user = json.path("user").isString() ? json.path("user").asString() : null;
        return new SshAccess(json.path("machine").asString(), json.path("port").asInt(), user);
    }

    static SshAccess fetch(ApiClient client, String machine) {
        return of(client.get("/api/v1/vms/" + MachineName.asPathSegment(machine) + "/ssh"));
    }

    /**
     * The Host name for ~/.ssh/config and the name known_hosts files this machine's key under (its
     * own, not whatever else answered on localhost): lablink-NAME, or the name when it already says lablink.
     */
    String hostKeyAlias() {
        return machine.startsWith("lablink-") ? machine : "lablink-" + machine;
    }
}
