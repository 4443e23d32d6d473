package dev.lablink.provider.aws;

import java.util.List;

/**
 * {@code aws.*}: how the EC2 provider launches machines. Credentials come from the AWS default
 * chain (environment, profile, instance role) unless both keys are set here.
 */
public record AwsSettings(String region, String ami, String subnetId, List<String> sshCidrs, String instanceProfile,
                          Integer rootVolumeGb, String endpoint, String accessKeyId, String secretAccessKey) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_ROOT_VOLUME_GB = 100;

    public AwsSettings {
        region = region == null ? DEFAULT_REGION : region;
        sshCidrs = sshCidrs == null ? List.of() : List.copyOf(sshCidrs);
        rootVolumeGb = rootVolumeGb == null ? DEFAULT_ROOT_VOLUME_GB : rootVolumeGb;
    }

    public boolean hasStaticCredentials() {
        return accessKeyId != null && secretAccessKey != null;
    }

    @Override
    public String toString() {
        return "AwsSettings[region=" + region + ", ami=" + ami + ", subnetId=" + subnetId + ", sshCidrs=" + sshCidrs
                + ", endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", secretAccessKey="
                + (secretAccessKey == null ? "unset" : "***") + "]";
    }
}
