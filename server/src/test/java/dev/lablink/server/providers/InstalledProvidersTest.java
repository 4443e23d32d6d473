package dev.lablink.server.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lablink.core.config.ConfigException;
import dev.lablink.core.config.ConfigKeys;
import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Each provider module plugs in through one services line; what config accepts and says follows what is installed. */
class InstalledProvidersTest {
    private static final List<String> SIX = List.of("local", "lambda", "aws", "gce", "kubernetes", "terraform");

    @Test
    void serviceLoaderFindsAFactoryForEachOfTheSixProviders() {
        List<String> found = ServiceLoader.load(MachineProviderFactory.class).stream().map(provider -> provider.get().name()).toList();

        assertThat(found).containsExactlyInAnyOrderElementsOf(SIX);
        assertThat(MachineProviderFactories.names()).containsExactlyElementsOf(SIX);
    }

    @Test
    void anUnknownProviderIsRefusedWithExactlyTheInstalledOnes() {
        assertThatThrownBy(() -> new ConfigLoader().load("provider: nosuch\n", "lablink.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("lablink.yaml: provider: 'nosuch' is not a provider; use one of " + String.join(", ", MachineProviderFactories.names()));
    }

    @Test
    void eachProvidersSectionGivesKeysEnvironmentVariablesAndDidYouMean() {
        assertThat(ConfigKeys.leaves()).containsKeys("aws.ami", "lambda.api_key", "gce.zones", "kubernetes.machine_types", "terraform.module");
        assertThat(ConfigKeys.leaves().keySet()).noneMatch(key -> key.startsWith("local.") || key.startsWith("provider_settings"));
        assertThat(new ConfigLoader().load("provider: aws\n", "lablink.yaml", Map.of("LABLINK_AWS_AMI", "ami-0123456789abcdef0"))
                .providerSettings("aws", dev.lablink.provider.aws.AwsSettings.class).ami()).isEqualTo("ami-0123456789abcdef0");
        assertThatThrownBy(() -> new ConfigLoader().load("gce: {zone: [us-central1-a]}\n", "lablink.yaml", Map.of()))
                .hasMessage("lablink.yaml: gce.zone: unknown key; did you mean gce.zones?");
        assertThatThrownBy(() -> new ConfigLoader().load("provider_settings: {}\n", "lablink.yaml", Map.of()))
                .hasMessageStartingWith("lablink.yaml: provider_settings: unknown key;");
    }
}
