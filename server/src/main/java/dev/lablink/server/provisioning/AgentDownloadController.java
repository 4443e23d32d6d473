package dev.lablink.server.provisioning;

import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.providers.RunningJar;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the agent to cloud and Kubernetes machines: {@code lablink-agent.jar} (the agent alone),
 * which their first-boot script downloads, checks against {@code lablink-agent.jar.sha256} (also
 * written into the user data) and runs with {@code java -jar}, so a machine always runs the agent of
 * its allocator. {@code lablink.jar} (the allocator's whole jar) stays for machines booted by older
 * allocators, whose bootstrap runs {@code java -jar lablink.jar agent}. Neither holds a secret, so
 * the downloads need no credentials.
 */
@RestController
public class AgentDownloadController {
    private static final String NO_AGENT_JAR = "this allocator runs from a class path, without lablink-agent.jar, so it has no agent to hand to machines; "
            + "run it with bin/lablink server";
    private static final MediaType JAR = MediaType.parseMediaType("application/java-archive");

    private final AgentJar agentJar;

    public AgentDownloadController(AgentJar agentJar) {
        this.agentJar = agentJar;
    }

    @GetMapping("/downloads/lablink-agent.jar")
    public ResponseEntity<byte[]> agentJar() {
        byte[] bytes = agentJar.bytes().orElseThrow(() -> new NotFoundException(NO_AGENT_JAR));
        return ResponseEntity.ok().contentType(JAR).body(bytes);
    }

    /** The hex SHA-256 alone, one line. */
    @GetMapping("/downloads/lablink-agent.jar.sha256")
    public ResponseEntity<String> agentJarSha256() {
        String sha256 = agentJar.sha256().orElseThrow(() -> new NotFoundException(NO_AGENT_JAR));
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(sha256 + "\n");
    }

    @GetMapping("/downloads/lablink.jar")
    public ResponseEntity<Resource> jar() {
        var jar = RunningJar.path().orElseThrow(() -> new NotFoundException(
                "this allocator runs from a class path, not from lablink.jar, so it has no jar to hand to cloud machines; run it with bin/lablink server"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(new FileSystemResource(jar));
    }
}
