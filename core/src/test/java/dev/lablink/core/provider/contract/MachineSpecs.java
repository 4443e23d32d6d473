package dev.lablink.core.provider.contract;

import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.SessionImage;
import java.net.URI;

/** Test data: {@code MachineSpecs.aSpec("lablink-vm-1").type("g5.xlarge").region("us-east-1").build()}. */
public final class MachineSpecs {
    /** The hash test specs carry by default: the SHA-256 of the empty string. */
    public static final String AGENT_JAR_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private final String name;
    private String machineType;
    private String region;
    private URI allocatorUrl = URI.create("http://allocator.example:8080");
    private String token = "test-token-never-logged";
    private String startupScript;
    private boolean startupScriptMustSucceed;
    private String requestedBy;
    private SessionImage session;
    private String agentJarSha256 = AGENT_JAR_SHA256;
    private boolean containerEngine;

    private MachineSpecs(String name) {
        this.name = name;
    }

    public static MachineSpecs aSpec(String name) {
        return new MachineSpecs(name);
    }

    public MachineSpecs type(String machineType) {
        this.machineType = machineType;
        return this;
    }

    public MachineSpecs region(String region) {
        this.region = region;
        return this;
    }

    public MachineSpecs allocator(String url) {
        this.allocatorUrl = URI.create(url);
        return this;
    }

    public MachineSpecs token(String token) {
        this.token = token;
        return this;
    }

    public MachineSpecs startupScript(String text, boolean mustSucceed) {
        this.startupScript = text;
        this.startupScriptMustSucceed = mustSucceed;
        return this;
    }

    public MachineSpecs requestedBy(String user) {
        this.requestedBy = user;
        return this;
    }

    public MachineSpecs session(SessionImage image) {
        this.session = image;
        return this;
    }

    public MachineSpecs agentJarSha256(String sha256) {
        this.agentJarSha256 = sha256;
        return this;
    }

    public MachineSpecs containerEngine(boolean containerEngine) {
        this.containerEngine = containerEngine;
        return this;
    }

    public MachineSpec build() {
        return new MachineSpec(name, machineType, region, allocatorUrl, token, startupScript, startupScriptMustSucceed, requestedBy,
                agentJarSha256, containerEngine, session);
    }
}
