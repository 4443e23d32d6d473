package dev.lablink.server.providers;

import dev.lablink.core.config.AwsSettings;
import dev.lablink.core.config.ConfigException;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.LambdaSettings;
import dev.lablink.core.config.MachineSettings;
import dev.lablink.core.placement.PlacementChoices;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.provider.aws.Ec2Provider;
import dev.lablink.provider.aws.Ec2Settings;
import dev.lablink.provider.gce.GceProvider;
import dev.lablink.provider.kubernetes.KubernetesProvider;
import dev.lablink.provider.lambda.LambdaCredentials;
import dev.lablink.provider.terraform.TerraformProvider;
import dev.lablink.provider.lambda.LambdaProvider;
import dev.lablink.provider.local.LocalProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers named in config: {@code provider:}, plus any that {@code machine.providers} or {@code machine.choices} use. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean(destroyMethod = "close")
    ProviderRegistry providerRegistry(LabLinkConfig config) {
        Set<String> names = new LinkedHashSet<>();
        names.add(config.provider());
        names.addAll(new PlacementChoices(config).providers());
        List<MachineProvider> providers = new ArrayList<>();
        for (String name : names) {
            providers.add(create(name, config));
        }
        // Machines made while config said local still run on this host after a switch of provider; keep a way to stop them.
        List<MachineProvider> forDestroying = names.contains(LocalProvider.NAME) ? List.of() : List.of(create(LocalProvider.NAME, config));
        return new ProviderRegistry(config.provider(), providers, forDestroying);
    }

    private static MachineProvider create(String name, LabLinkConfig config) {
        Path keysDir = config.dataDirPath().resolve("keys");
        String deployment = config.app().deployment();
        return switch (name) {
            case LocalProvider.NAME -> new LocalProvider(config.dataDirPath().resolve("machines"), AgentLaunchCommand.forThisJvm());
            case LambdaProvider.NAME -> {
                LambdaSettings lambda = config.lambda();
                String apiKey;
                try {
                    apiKey = LambdaCredentials.apiKey(lambda.apiKey(), Path.of(lambda.credentialsFile().replaceFirst("^~", System.getProperty("user.home"))));
                } catch (ProviderException e) {
                    throw new ConfigException("lambda: " + e.getMessage());
                }
                String keyName = "lablink-" + deployment + "-" + shortHash(deployment + "@" + config.dataDirPath().toAbsolutePath());
                yield new LambdaProvider(lambda.endpoint(), apiKey, deployment, keyName, keysDir, lambda.launchesPerMinute());
            }
            case Ec2Provider.NAME -> {
                AwsSettings aws = config.aws();
                MachineSettings machine = config.machine();
                yield new Ec2Provider(new Ec2Settings(deployment, aws.region(), aws.ami(), aws.subnetId(), aws.sshCidrs(), aws.instanceProfile(),
                        aws.rootVolumeGb(), machine.spot(), MachineSettings.SPOT_FALLBACK_ON_DEMAND.equals(machine.spotFallback()),
                        aws.endpoint() == null ? null : URI.create(aws.endpoint()), aws.accessKeyId(), aws.secretAccessKey(), keysDir));
            }
            case KubernetesProvider.NAME -> new KubernetesProvider(KubernetesProvider.connect(config.kubernetes().context()), config.kubernetes(),
                    deployment, java.time.Duration.ofSeconds(1));
            case TerraformProvider.NAME -> new TerraformProvider(Path.of(config.terraform().module()),
                    config.dataDirPath().resolve("terraform").resolve(deployment), deployment, config.terraform().variables(),
                    config.terraform().binary(), java.time.Duration.ofMinutes(config.terraform().timeoutMinutes()));
            case GceProvider.NAME -> new GceProvider(config.gce(), deployment, config.machine().spot());
            default -> throw new ConfigException("provider: '" + name + "' is not available in this build; available providers: local, lambda, aws, gce, kubernetes, terraform");
        };
    }

    /** kdevops names its keys with a short hash of the project's directory; ours hashes the deployment and data dir. */
    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
