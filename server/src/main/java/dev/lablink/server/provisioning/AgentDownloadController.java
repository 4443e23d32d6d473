package dev.lablink.server.provisioning;

import dev.lablink.server.providers.RunningJar;
import dev.lablink.server.api.NotFoundException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves this allocator's own jar to cloud machines, whose first-boot script downloads it and
 * runs {@code java -jar lablink.jar agent}: a machine always runs the agent of its allocator. The
 * jar holds no secret, so the download needs no credentials.
 */
@RestController
public class AgentDownloadController {

    @GetMapping("/downloads/lablink.jar")
    public ResponseEntity<Resource> jar() {
        var jar = RunningJar.path().orElseThrow(() -> new NotFoundException(
                "this allocator runs from a class path, not from lablink.jar, so it has no jar to hand to cloud machines; run it with bin/lablink server"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(new FileSystemResource(jar));
    }
}
