package dev.lablink.core.provider;

import java.net.URI;
import java.util.Objects;

/**
 * What a provider needs to create one machine. The token is the machine's only credential;
 * providers hand it to the agent and must never log it. {@code startupScript} is the text of
 * {@code startup_script.path} (null when disabled); the agent runs it once before it reports READY.
 * {@code requestedBy} is who asked for the machine (for providers that name machines after people),
 * or null. What the machine boots is the provider's own setting (aws.ami, gce.image, kubernetes.image).
 * {@code session} is the image its sessions run (null: they run on the machine itself), for providers
 * that build it into the machine; the agent runs it elsewhere.
 */
public record MachineSpec(String name, String machineType, String region,
                          URI allocatorUrl, String agentToken, String startupScript, boolean startupScriptMustSucceed,
                          String requestedBy, SessionImage session) {
    public MachineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(allocatorUrl, "allocatorUrl");
        Objects.requireNonNull(agentToken, "agentToken");
    }

    public MachineSpec(String name, String machineType, String region, URI allocatorUrl, String agentToken, String startupScript,
                       boolean startupScriptMustSucceed, String requestedBy) {
        this(name, machineType, region, allocatorUrl, agentToken, startupScript, startupScriptMustSucceed, requestedBy, null);
    }

    @Override
    public String toString() {
        return "MachineSpec[name=" + name + ", machineType=" + machineType + ", region=" + region + ", allocatorUrl=" + allocatorUrl + ", agentToken=***, startupScript="
                + (startupScript == null ? "none" : startupScript.length() + " chars") + ", requestedBy=" + requestedBy + ", session=" + (session == null ? "none" : session.image()) + "]";
    }
}
