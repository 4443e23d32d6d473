package dev.lablink.provider.aws;

import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns EC2's error codes into what the allocator acts on: no capacity, over quota, or a plain failure in EC2's words. */
final class Ec2Errors {
    static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientHostCapacity", "InsufficientCapacity",
            "InsufficientReservedInstanceCapacity", "UnfulfillableCapacity", "Unsupported", "SpotMaxPriceTooLow");
    static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded");

    private Ec2Errors() {
    }

    static String code(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
    }

    static ProviderException translate(String doing, SdkException e) {
        String code = code(e);
        String text = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorMessage() : e.getMessage();
        String message = "EC2 " + doing + ": " + text + (code == null ? "" : " [" + code + "]");
        if (code != null && CAPACITY.contains(code)) {
            return new NoCapacityException(message, false);
        }
        if (code != null && QUOTA.contains(code)) {
            return new NoCapacityException(message + "; ask AWS for a higher quota (Service Quotas console)", true);
        }
        return new ProviderException(message, e);
    }
}
