package dev.lablink.cli;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.config.LabLinkConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lablink config validate FILE}: the start-up checks, without starting. */
@Command(name = "config", description = "Check configuration files.", mixinStandardHelpOptions = true,
        subcommands = ConfigCommand.Validate.class)
public class ConfigCommand {

    @Command(name = "validate", description = "Check a lablink.yaml exactly as the server would at start-up.",
            mixinStandardHelpOptions = true)
    static class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The configuration file.")
        Path file;

        @Override
        public Integer call() {
            LabLinkConfig config = new ConfigLoader().load(file, System.getenv());
            spec.commandLine().getOut().println(file + " is valid: provider " + config.provider()
                    + ", port " + config.server().port() + ", data in " + config.dataDirPath()
                    + (config.db().isExternal() ? ", external PostgreSQL" : ", embedded PostgreSQL"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
