package dev.lablink.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The allocator's Spring context. Started through {@link LabLinkServer}, which supplies the config. */
@SpringBootApplication
public class LabLinkApplication {
}
