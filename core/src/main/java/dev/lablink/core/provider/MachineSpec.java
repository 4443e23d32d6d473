package dev.lablink.core.provider;

import java.net.URI;
import java.util.Objects;

/**
 * What a provider needs to create one machine. The token is the machine's only credential;
 * providers hand it to the agent and must never log it.
 */
public record MachineSpec(String name, String machineType, String image, String region,
                          URI allocatorUrl, String agentToken) {
    public MachineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(allocatorUrl, "allocatorUrl");
        Objects.requireNonNull(agentToken, "agentToken");
    }

    @Override
    public String toString() {
        return "MachineSpec[name=" + name + ", machineType=" + machineType + ", image=" + image
                + ", region=" + region + ", allocatorUrl=" + allocatorUrl + ", agentToken=***]";
    }
}
