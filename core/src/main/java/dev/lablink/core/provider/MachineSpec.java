package dev.lablink.core.provider;

import java.net.URI;
import java.util.Objects;

/**
 * What a provider needs to create one machine. The token is the machine's only credential;
 * providers hand it to the agent and must never log it. {@code startupScript} is the text of
 * {@code startup_script.path} (null when disabled); the agent runs it once before it reports READY.
 * {@code requestedBy} is who asked for the machine (for providers that name machines after people),
 * or null. What the machine boots is the provider's own setting (aws.ami, gce.image, kubernetes.image).
 * {@code agentJarSha256} is the SHA-256 (hex) of the {@code lablink-agent.jar} the allocator serves:
 * the machine's bootstrap runs the downloaded agent only if it has this hash (null: the allocator has
 * no agent jar to serve, so the bootstrap refuses to start). {@code containerEngine}: the session runs
 * an OCI image, so the bootstrap installs a container engine when the machine has none.
 * {@code session} is the image its sessions run (null: they run on the machine itself), for providers
 * that build it into the machine; the agent runs it elsewhere.
 */
public record MachineSpec(String name, String machineType, String region,
                          URI allocatorUrl, String agentToken, String startupScript, boolean startupScriptMustSucceed,
                          String requestedBy, String agentJarSha256, boolean containerEngine, SessionImage session) {
    public MachineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(allocatorUrl, "allocatorUrl");
        Objects.requireNonNull(agentToken, "agentToken");
        if (agentJarSha256 != null && !agentJarSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("agentJarSha256 must be 64 lower-case hex digits");
        }
    }

    public MachineSpec(String name, String machineType, String region, URI allocatorUrl, String agentToken, String startupScript,
                       boolean startupScriptMustSucceed, String requestedBy) {
        this(name, machineType, region, allocatorUrl, agentToken, startupScript, startupScriptMustSucceed, requestedBy, null, false, null);
    }

    @Override
    public String toString() {
        return "MachineSpec[name=" + name + ", machineType=" + machineType + ", region=" + region + ", allocatorUrl=" + allocatorUrl + ", agentToken=***, startupScript="
                + (startupScript == null ? "none" : startupScript.length() + " chars") + ", requestedBy=" + requestedBy
                + ", agentJarSha256=" + agentJarSha256 + ", containerEngine=" + containerEngine + ", session=" + (session == null ? "none" : session.image()) + "]";
    }
}
