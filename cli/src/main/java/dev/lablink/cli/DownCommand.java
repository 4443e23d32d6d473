package dev.lablink.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lablink down}: destroys every machine and the deployment's shared cloud resources. */
@Command(name = "down", description = "Destroy every machine, then the deployment's security group, key pair and SSH key at each cloud.",
        mixinStandardHelpOptions = true)
public class DownCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Spec
    CommandSpec spec;

    @Option(names = "--yes", description = "Confirm: every machine goes, claimed ones included.")
    boolean yes;

    @Override
    public Integer call() {
        if (!yes) {
            throw new CliException("lablink down destroys every machine, claimed ones included, and the deployment's cloud keys and security groups; run it again with --yes");
        }
        JsonNode result = connection.client().post("/api/v1/down", Map.of(), true);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        out.println("Destroyed " + result.path("destroyed").asInt() + " machines"
                + (result.path("failed").isEmpty() ? "" : "; " + result.path("failed").size() + " could not be destroyed and may still run:"));
        result.path("failed").forEach(f -> err.println("not destroyed: " + f.asString()));
        boolean ok = result.path("failed").isEmpty();
        for (JsonNode provider : result.path("providers")) {
            if (provider.path("error").isNull() || provider.path("error").isMissingNode()) {
                out.println(provider.path("provider").asString() + ": shared resources deleted");
            } else {
                ok = false;
                err.println(provider.path("provider").asString() + ": " + provider.path("error").asString());
            }
        }
        out.flush();
        err.flush();
        return ok ? 0 : 1;
    }
}
