package dev.lablink.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lablink.core.placement.Choice;
import dev.lablink.core.placement.PlacementChoices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** machine.tier, machine.choices and the cloud sections: what loads, what it means, and what is refused with which fix. */
class PlacementConfigTest {
    @TempDir
    Path dir;
    private final ConfigLoader loader = new ConfigLoader();

    private LabLinkConfig load(String yaml) throws IOException {
        Path file = dir.resolve("lablink.yaml");
        Files.writeString(file, yaml);
        return loader.load(file, Map.of());
    }

    private String problem(String yaml) {
        return assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).actual().getMessage();
    }

    @Test
    void aTierOverTwoProvidersBecomesChoicesHighestFirstWithEqualRanksForTheSameGpu() throws IOException {
        LabLinkConfig config = load("""
                provider: lambda
                machine: {tier: H100_OR_LESS, providers: [lambda, aws]}
                aws: {ami: ami-0123456789abcdef0, region: us-west-2}
                lambda: {api_key: k}
                """);

        List<Choice> choices = new PlacementChoices(config).choices(null, null, null);

        assertThat(choices.subList(0, 3)).containsExactly(
                new Choice("lambda", "gpu_1x_h100_sxm5", List.of(), 0),
                new Choice("aws", "p5.4xlarge", List.of("us-west-2"), 0),
                new Choice("lambda", "gpu_1x_h100_pcie", List.of(), 1));
        assertThat(choices.getLast()).isEqualTo(new Choice("aws", "g5.xlarge", List.of("us-west-2"), 6));
    }

    @Test
    void explicitChoicesKeepTheirOrderRegionsAndRanks() throws IOException {
        LabLinkConfig config = load("""
                provider: lambda
                machine:
                  choices:
                    - {machine_type: gpu_1x_h100_sxm5, regions: [us-west-1]}
                    - {provider: lambda, machine_type: gpu_1x_a10, rank: 0}
                lambda: {api_key: k}
                """);

        assertThat(new PlacementChoices(config).choices(null, null, null)).containsExactly(
                new Choice("lambda", "gpu_1x_h100_sxm5", List.of("us-west-1"), 0),
                new Choice("lambda", "gpu_1x_a10", List.of(), 0));
    }

    @Test
    void unknownTierNamesTheGroupsAndTheCommandThatListsThem() {
        assertThat(problem("machine: {tier: H200_OR_MORE}"))
                .contains("machine.tier: 'H200_OR_MORE' is not a tier group", "H100_OR_LESS", "8X_B200_OR_LESS", "lablink tiers");
    }

    @Test
    void aTierForAProviderWithoutTierTypesIsRefusedWithTheWayOut() {
        assertThat(problem("machine: {tier: A100_OR_LESS}")).contains("machine.tier: tier A100_OR_LESS has no machine types at local", "machine.choices");
    }

    @Test
    void tierAndChoicesTogetherOrAChoiceWithoutTypeAreRefused() {
        assertThat(problem("""
                provider: lambda
                machine: {tier: H100_OR_LESS, choices: [{provider: lambda}]}
                """)).contains("machine.tier: set either machine.tier or machine.choices, not both",
                "machine.choices[0].machine_type: required");
    }

    @Test
    void machinesOnAwsNeedAnAmiAndSshCidrsMustBeCidrs() {
        assertThat(problem("""
                provider: aws
                machine: {machine_type: g5.xlarge}
                aws: {ssh_cidrs: [203.0.113.7]}
                """)).contains("aws.ami: required when machines go to aws", "aws.ssh_cidrs: '203.0.113.7' is not a CIDR block; write it like 203.0.113.0/24");
    }

    @Test
    void badValuesOfTheNewKeysAreRefusedWithTheFix() {
        assertThat(problem("""
                app: {deployment: Lab_One}
                machine: {prefer: fastest, spot_fallback: never}
                reconcile: {interval_seconds: 1}
                lambda: {launches_per_minute: 0}
                aws: {access_key_id: AKID}
                """)).contains("app.deployment: 'Lab_One' must be 1 to 32 lowercase letters",
                "machine.prefer: 'fastest' is not allowed; use order (the default) or cheapest",
                "machine.spot_fallback: 'never' is not allowed; use none (the default) or on_demand",
                "reconcile.interval_seconds: 1 is too short", "lambda.launches_per_minute: 0 is out of range",
                "aws.secret_access_key: set both aws.access_key_id and aws.secret_access_key, or neither");
    }

    @Test
    void secretsNeverShowInTheConfigsText() throws IOException {
        LabLinkConfig config = load("""
                lambda: {api_key: super-secret-lambda}
                aws: {access_key_id: AKID, secret_access_key: super-secret-aws}
                """);

        assertThat(config.toString()).doesNotContain("super-secret-lambda", "super-secret-aws");
    }

    @Test
    void machinesOnGceNeedAProjectZonesAndANameThatKeepsInstancesApart() {
        assertThat(problem("""
                provider: gce
                gce: {zones: [us-central1], instance_name: "{user}-{date}"}
                """)).contains("gce.project: required when machines go to gce", "gce.zones: every entry must be a zone like us-central1-a",
                "gce.instance_name: '{user}-{date}' must contain {machine} or {number}", "{user}-{date}-{number}");
    }

    @Test
    void zonesAreWhereAGceChoiceLooksForRoomInOrder() throws IOException {
        LabLinkConfig config = load("""
                provider: gce
                machine: {machine_type: a2-highgpu-1g}
                gce: {project: my-lab, zones: [us-central1-a, us-central1-b]}
                """);

        assertThat(new PlacementChoices(config).choices(null, null, null))
                .containsExactly(new Choice("gce", "a2-highgpu-1g", List.of("us-central1-a", "us-central1-b"), 0));
    }
}
