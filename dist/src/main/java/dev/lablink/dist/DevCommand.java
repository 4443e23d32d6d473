package dev.lablink.dist;

import picocli.CommandLine.Command;

/** {@code lablink dev}: tools for trying LabLink without a cloud account. */
@Command(name = "dev", description = "Tools for trying LabLink without a cloud account.", mixinStandardHelpOptions = true,
        subcommands = FakeCloudCommand.class)
class DevCommand {
}
