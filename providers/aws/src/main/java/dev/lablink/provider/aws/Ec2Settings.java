package dev.lablink.provider.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the EC2 provider needs from config, already checked. {@code endpoint} is null for AWS
 * itself; {@code accessKeyId}/{@code secretAccessKey} are null to use the default credentials chain.
 */
public record Ec2Settings(String deployment, String defaultRegion, String ami, String subnetId, List<String> sshCidrs,
                          String instanceProfile, int rootVolumeGb, boolean spot, boolean spotFallbackOnDemand,
                          URI endpoint, String accessKeyId, String secretAccessKey, Path keysDir) {
    public Ec2Settings {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        Objects.requireNonNull(keysDir, "keysDir");
        sshCidrs = List.copyOf(sshCidrs);
    }

    @Override
    public String toString() {
        return "Ec2Settings[deployment=" + deployment + ", defaultRegion=" + defaultRegion + ", ami=" + ami + ", endpoint=" + endpoint
                + ", secretAccessKey=" + (secretAccessKey == null ? "default chain" : "***") + "]";
    }
}
