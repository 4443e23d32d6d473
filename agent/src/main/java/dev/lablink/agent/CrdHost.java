package dev.lablink.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registers the machine with the participant's Chrome Remote Desktop account: runs
 * {@code start-host --code=… --redirect-url=… --name=<machine>} as an argument list (never a
 * shell) and writes the PIN twice on its standard input, as start-host asks for it.
 */
class CrdHost {
    static final String DEFAULT_START_HOST = "/opt/google/chrome-remote-desktop/start-host";
    static final String REDIRECT_URL = "https://remotedesktop.google.com/_/oauthredirect";

    private final String startHost;
    private final String machineName;
    private final Path workDir;

    CrdHost(String startHost, String machineName, Path workDir) {
        this.startHost = startHost;
        this.machineName = machineName;
        this.workDir = workDir;
    }

    /** @throws IOException with start-host's exit status when it failed; its output is in crd.log */
    void register(String code, String pin) throws IOException, InterruptedException {
        Process process = ChildEnvironment.applyTo(new ProcessBuilder(List.of(startHost, "--code=" + code, "--redirect-url=" + REDIRECT_URL,
                        "--name=" + machineName)), System.getenv())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("crd.log").toFile()))
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((pin + "\n" + pin + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("start-host did not finish within 2 minutes (see crd.log)");
        }
        if (process.exitValue() != 0) {
            throw new IOException("start-host exited with status " + process.exitValue() + " (see crd.log)");
        }
    }
}
