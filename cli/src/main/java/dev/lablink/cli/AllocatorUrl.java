package dev.lablink.cli;

import picocli.CommandLine.Option;

/** Where the allocator is; what every command that calls the API needs, including those that need no admin login. */
public class AllocatorUrl {
    @Option(names = "--url", defaultValue = "${env:LABLINK_URL:-http://localhost:8080}",
            description = "Allocator URL (env LABLINK_URL; default ${DEFAULT-VALUE}).")
    String url;

    /** A client without admin credentials, for participant routes such as claiming. */
    ApiClient anonymous() {
        return new ApiClient(url, null, null);
    }

    /** The URL without trailing slashes, for links printed to the user. */
    String base() {
        return url.replaceAll("/+$", "");
    }
}
