package dev.lablink.provider.terraform;

import dev.lablink.core.provider.AgentBootstrap;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Machines made by any Terraform module. The allocator keeps one working directory per deployment
 * under the data dir: a small root module that calls the admin's module, the desired machines as
 * {@code machines.auto.tfvars.json} (the module gets {@code machines}: name → {machine_type, region},
 * {@code agent_bootstrap}: name → first-boot script, sensitive, and {@code deployment}), and
 * Terraform's state, which is never deleted. Every create
 * and destroy rewrites the desired machines and runs one {@code terraform apply}, one at a time
 * (a lock in this process and a file lock for other processes); the module's {@code machines}
 * output ({@code name → {id, ip}}) says what exists.
 */
public class TerraformProvider implements MachineProvider {
    public static final String NAME = "terraform";
    private static final Logger log = LoggerFactory.getLogger(TerraformProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String DESIRED = "machines.auto.tfvars.json";

    private final Path module;
    private final Path workDir;
    private final String deployment;
    private final Map<String, String> variables;
    private final TerraformRunner terraform;
    private final ReentrantLock lock = new ReentrantLock();

    public TerraformProvider(Path module, Path workDir, String deployment, Map<String, String> variables, String binary, Duration timeout) {
        this.module = module.toAbsolutePath();
        this.workDir = workDir;
        this.deployment = deployment;
        this.variables = Map.copyOf(variables);
        this.terraform = new TerraformRunner(binary, workDir, timeout, this::redact);
    }

    private static final Pattern TOKEN = Pattern.compile("LABLINK_AGENT_TOKEN=(\\S+)");
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();

    /**
     * Terraform may print a sensitive value back (terraform_data's output attribute loses its
     * sensitivity in destroy plans), so every line is cleaned of every token this provider has held.
     */
    private String redact(String line) {
        String clean = TOKEN.matcher(line).replaceAll("LABLINK_AGENT_TOKEN=***");
        for (String token : tokens) {
            clean = clean.replace(token, "***");
        }
        return clean;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public void create(List<MachineSpec> batch, CreationListener listener) {
        Map<String, MachineSpec> byName = new LinkedHashMap<>();
        batch.forEach(spec -> byName.put(spec.name(), spec));
        Map<String, JsonNode> outputs;
        try {
            outputs = locked(() -> {
                ObjectNode desired = desired();
                ObjectNode machines = (ObjectNode) desired.get("machines");
                ObjectNode bootstraps = (ObjectNode) desired.get("agent_bootstrap");
                for (MachineSpec spec : batch) {
                    tokens.add(spec.agentToken());
                    machines.putObject(spec.name())
                            .put("machine_type", spec.machineType() == null ? "" : spec.machineType())
                            .put("region", spec.region() == null ? "" : spec.region());
                    bootstraps.put(spec.name(), AgentBootstrap.script(spec));
                }
                try {
                    apply(desired, line -> progress(line, byName, listener));
                } catch (ProviderException e) {
                    // Drop the batch from what is wanted; the next apply removes whatever part of it Terraform made.
                    batch.forEach(spec -> {
                        machines.remove(spec.name());
                        bootstraps.remove(spec.name());
                    });
                    writeDesired(desired);
                    throw e;
                }
                return outputs();
            });
        } catch (ProviderException e) {
            batch.forEach(spec -> listener.failed(spec.name(), e));
            return;
        }
        for (MachineSpec spec : batch) {
            JsonNode made = outputs.get(spec.name());
            if (made == null) {
                listener.failed(spec.name(), new ProviderException("terraform applied, but the module's machines output has no " + spec.name()
                        + "; the module must output machines = { name => { id, ip } } for every entry of var.machines"));
            } else {
                listener.created(new ProvisionedMachine(spec.name(), made.path("id").asString(spec.name()), made.path("ip").asString(null)));
            }
        }
    }

    /** Lines about one machine go to that machine's events; the whole output goes to the log. */
    private static void progress(String line, Map<String, MachineSpec> batch, CreationListener listener) {
        log.info("terraform: {}", line);
        for (String name : batch.keySet()) {
            if (line.contains("\"" + name + "\"")) {
                listener.progress(name, "terraform: " + line.strip());
            }
        }
    }

    @Override
    public void destroy(ProvisionedMachine machine) {
        locked(() -> {
            ObjectNode desired = desired();
            if (((ObjectNode) desired.get("machines")).remove(machine.name()) == null) {
                return null; // never made here, or already gone
            }
            ((ObjectNode) desired.get("agent_bootstrap")).remove(machine.name());
            apply(desired, line -> log.info("terraform: {}", line));
            return null;
        });
    }

    @Override
    public List<ProvisionedMachine> list() {
        return locked(() -> {
            List<ProvisionedMachine> machines = new ArrayList<>();
            outputs().forEach((name, made) -> machines.add(new ProvisionedMachine(name, made.path("id").asString(name), made.path("ip").asString(null))));
            return machines;
        });
    }

    /** {@code terraform destroy}: everything the module made goes; the state directory stays. */
    @Override
    public void teardown() {
        locked(() -> {
            if (Files.exists(workDir.resolve("terraform.tfstate"))) {
                terraform.run(line -> log.info("terraform: {}", line), "destroy", "-auto-approve", "-input=false", "-no-color");
            }
            ObjectNode desired = desired();
            desired.putObject("machines");
            desired.putObject("agent_bootstrap");
            writeDesired(desired);
            return null;
        });
    }

    private void apply(ObjectNode desired, Consumer<String> lines) {
        writeDesired(desired);
        if (!Files.isDirectory(workDir.resolve(".terraform"))) {
            terraform.run(lines, "init", "-input=false", "-no-color");
        }
        terraform.run(lines, "apply", "-auto-approve", "-input=false", "-no-color");
    }

    private Map<String, JsonNode> outputs() {
        if (!Files.exists(workDir.resolve("terraform.tfstate"))) {
            return Map.of();
        }
        JsonNode output = JSON.readTree(terraform.run(line -> { }, "output", "-json", "-no-color"));
        Map<String, JsonNode> machines = new LinkedHashMap<>();
        output.path("machines").path("value").properties().forEach(entry -> machines.put(entry.getKey(), entry.getValue()));
        return machines;
    }

    /** Runs one Terraform step at a time: here with a lock, across processes with a file lock in the working directory. */
    private <T> T locked(Supplier<T> step) {
        lock.lock();
        try {
            prepare();
            try (FileChannel channel = FileChannel.open(workDir.resolve(".lablink.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return step.get();
            }
        } catch (IOException e) {
            throw new ProviderException("cannot lock the Terraform working directory " + workDir + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** The root module that calls the admin's module; rewritten each time so a moved module path takes effect. */
    private void prepare() throws IOException {
        if (!Files.isDirectory(workDir)) {
            Files.createDirectories(workDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        StringBuilder extra = new StringBuilder();
        variables.keySet().stream().sorted().forEach(name -> extra.append("  ").append(name).append(" = var.extra[\"").append(name).append("\"]\n"));
        Files.writeString(workDir.resolve("main.tf"), """
                # Written by LabLink: calls terraform.module with the machines this deployment wants. Do not edit.
                variable "machines" {
                  type = map(object({ machine_type = string, region = string }))
                }
                # Each machine's first-boot script (it holds the machine's token): pass it as user data.
                variable "agent_bootstrap" {
                  type      = map(string)
                  sensitive = true
                }
                variable "extra" {
                  type    = map(string)
                  default = {}
                }
                module "lablink" {
                  source     = "%s"
                  machines        = var.machines
                  agent_bootstrap = var.agent_bootstrap
                  deployment      = "%s"
                %s}
                output "machines" {
                  value = module.lablink.machines
                }
                """.formatted(module.toString().replace("\\", "/"), deployment, extra));
    }

    private ObjectNode desired() {
        Path file = workDir.resolve(DESIRED);
        ObjectNode desired;
        if (Files.exists(file)) {
            try {
                desired = (ObjectNode) JSON.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            desired = JSON.createObjectNode();
        }
        for (String map : List.of("machines", "agent_bootstrap")) {
            if (!(desired.get(map) instanceof ObjectNode)) {
                desired.putObject(map);
            }
        }
        desired.get("agent_bootstrap").properties().forEach(entry -> {
            Matcher token = TOKEN.matcher(entry.getValue().asString());
            if (token.find()) {
                tokens.add(token.group(1));
            }
        });
        ObjectNode extra = desired.putObject("extra");
        variables.forEach(extra::put);
        return desired;
    }

    private void writeDesired(ObjectNode desired) {
        Path file = workDir.resolve(DESIRED);
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(desired));
        } catch (IOException e) {
            throw new ProviderException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
