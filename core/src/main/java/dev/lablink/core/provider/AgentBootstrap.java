package dev.lablink.core.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The first-boot script (cloud-init user data) that turns a fresh cloud VM into a LabLink machine:
 * writes the agent's settings (token included) to a root-only file, installs Java if missing,
 * downloads the allocator's own jar and runs its agent as a systemd service.
 */
public final class AgentBootstrap {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentBootstrap() {
    }

    public static String script(MachineSpec spec) {
        String allocator = spec.allocatorUrl().toString().replaceAll("/+$", "");
        StringBuilder env = new StringBuilder()
                .append("LABLINK_ALLOCATOR_URL=").append(allocator).append('\n')
                .append("LABLINK_AGENT_TOKEN=").append(spec.agentToken()).append('\n')
                .append("LABLINK_MACHINE_NAME=").append(spec.name()).append('\n');
        StringBuilder script = new StringBuilder("""
                #!/bin/sh
                # LabLink agent bootstrap: settings, Java, the agent service.
                set -eu
                umask 077
                mkdir -p /opt/lablink
                """);
        if (spec.startupScript() != null) {
            env.append("LABLINK_STARTUP_SCRIPT=/opt/lablink/startup.sh\n")
                    .append("LABLINK_STARTUP_ON_ERROR=").append(spec.startupScriptMustSucceed() ? "fail" : "continue").append('\n');
            script.append(heredoc("/opt/lablink/startup.sh", spec.startupScript()));
            script.append("chmod 700 /opt/lablink/startup.sh\n");
        }
        script.append(heredoc("/opt/lablink/agent.env", env.toString()));
        script.append("""
                if ! command -v java >/dev/null 2>&1; then
                  if command -v apt-get >/dev/null 2>&1; then
                    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-21-jre-headless curl
                  else
                    dnf install -y java-21-openjdk-headless curl || yum install -y java-21-openjdk-headless curl
                  fi
                fi
                curl -fsSL --retry 20 --retry-delay 3 --retry-all-errors -o /opt/lablink/lablink.jar "%s/downloads/lablink.jar"
                cat > /etc/systemd/system/lablink-agent.service <<'UNIT'
                [Unit]
                Description=LabLink agent
                After=network-online.target
                Wants=network-online.target
                [Service]
                EnvironmentFile=/opt/lablink/agent.env
                WorkingDirectory=/opt/lablink
                ExecStart=/usr/bin/env java -Xmx128m -jar /opt/lablink/lablink.jar agent
                Restart=always
                RestartSec=5
                [Install]
                WantedBy=multi-user.target
                UNIT
                systemctl daemon-reload
                systemctl enable --now lablink-agent
                """.formatted(allocator));
        return script.toString();
    }

    /** The script gzip-compressed, as cloud-init accepts it where user data is small (EC2: 16 KB). */
    public static byte[] gzipped(String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A quoted here-document, with a random delimiter so no line of the content can end it early. */
    private static String heredoc(String path, String content) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String end = "LABLINK_EOF_" + HexFormat.of().formatHex(random);
        return "cat > " + path + " <<'" + end + "'\n" + content + (content.endsWith("\n") ? "" : "\n") + end + "\n";
    }
}
