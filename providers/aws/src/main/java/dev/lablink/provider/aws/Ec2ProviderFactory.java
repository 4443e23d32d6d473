package dev.lablink.provider.aws;

import static dev.lablink.core.config.ConfigChecks.isHttpUrl;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderUse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code aws} plug-in: the {@code aws:} section, its checks, and EC2 machines from it. */
public final class Ec2ProviderFactory implements MachineProviderFactory<AwsSettings> {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}|[0-9a-fA-F:]+/\\d{1,3}");

    @Override
    public String name() {
        return Ec2Provider.NAME;
    }

    @Override
    public Class<AwsSettings> settingsType() {
        return AwsSettings.class;
    }

    @Override
    public List<String> problems(AwsSettings aws, ProviderUse use) {
        List<String> problems = new ArrayList<>();
        for (String cidr : aws.sshCidrs()) {
            if (cidr == null || !CIDR.matcher(cidr).matches()) {
                problems.add("aws.ssh_cidrs: '" + cidr + "' is not a CIDR block; write it like 203.0.113.0/24");
            }
        }
        if (aws.endpoint() != null && !isHttpUrl(aws.endpoint())) {
            problems.add("aws.endpoint: '" + aws.endpoint() + "' is not an absolute http(s) URL; leave it out to use AWS itself");
        }
        if ((aws.accessKeyId() == null) != (aws.secretAccessKey() == null)) {
            problems.add("aws.secret_access_key: set both aws.access_key_id and aws.secret_access_key, or neither to use the AWS default credentials");
        }
        if (aws.rootVolumeGb() < 8 || aws.rootVolumeGb() > 16384) {
            problems.add("aws.root_volume_gb: " + aws.rootVolumeGb() + " is out of range; use 8 to 16384 (default " + AwsSettings.DEFAULT_ROOT_VOLUME_GB + ")");
        }
        if (use.machinesGoThere() && (aws.ami() == null || aws.ami().isBlank())) {
            problems.add("aws.ami: required when machines go to aws; give the AMI id of an Ubuntu or Amazon Linux image, like ami-0123456789abcdef0");
        }
        return problems;
    }

    /** EC2 does not publish capacity, so a choice there tries the configured region. */
    @Override
    public List<String> defaultRegions(AwsSettings aws) {
        return List.of(aws.region());
    }

    @Override
    public MachineProvider create(AwsSettings aws, ProviderContext context) {
        return new Ec2Provider(new Ec2Settings(context.deployment(), aws.region(), aws.ami(), aws.subnetId(), aws.sshCidrs(), aws.instanceProfile(),
                aws.rootVolumeGb(), context.spot(), context.spotFallbackOnDemand(),
                aws.endpoint() == null ? null : URI.create(aws.endpoint()), aws.accessKeyId(), aws.secretAccessKey(), context.keysDir()));
    }
}
