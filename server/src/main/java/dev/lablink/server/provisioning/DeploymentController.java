package dev.lablink.server.provisioning;

import java.security.Principal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/down}: takes the whole deployment down (see {@link DeploymentTeardown}). */
@RestController
public class DeploymentController {
    private final DeploymentTeardown teardown;

    public DeploymentController(DeploymentTeardown teardown) {
        this.teardown = teardown;
    }

    @PostMapping("/api/v1/down")
    public DeploymentTeardown.Result down(Principal admin) {
        return teardown.down("admin:" + admin.getName());
    }
}
