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
 * writes the agent's settings (token included) to a root-only file, installs Java if missing (and a
 * container engine when the session runs an image), downloads the agent alone
 * ({@code /downloads/lablink-agent.jar}), checks it against the SHA-256 written here and runs it as a
 * systemd service. A download with another hash is never run: the boot stops with one line saying why.
 */
public final class AgentBootstrap {
    /** Where the agent's files live on the machine. */
    public static final String DIR = "/opt/lablink";
    /** Where the agent's systemd unit goes. */
    public static final String UNITS = "/etc/systemd/system";
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
                # LabLink agent bootstrap: settings, Java, the agent (checked), the agent service.
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
                """);
        if (spec.containerEngine()) {
            script.append(CONTAINER_ENGINE);
        }
        script.append(download(allocator, spec.agentJarSha256()));
        script.append("""
                cat > /etc/systemd/system/lablink-agent.service <<'UNIT'
                [Unit]
                Description=LabLink agent
                After=network-online.target
                Wants=network-online.target
                [Service]
                EnvironmentFile=/opt/lablink/agent.env
                WorkingDirectory=/opt/lablink
                ExecStart=/usr/bin/env java -Xmx64m -jar /opt/lablink/lablink-agent.jar
                Restart=always
                RestartSec=5
                [Install]
                WantedBy=multi-user.target
                UNIT
                systemctl daemon-reload
                systemctl enable --now lablink-agent
                """);
        return script.toString();
    }

    /**
     * Downloads the agent beside its place and moves it there only once its SHA-256 is the one given,
     * so neither this boot nor a restart of the service ever runs a file that was not checked.
     */
    private static String download(String allocator, String sha256) {
        if (sha256 == null) {
            return """
                    echo "lablink bootstrap: the allocator gave no SHA-256 for its agent (it runs from a class path, without lablink-agent.jar); not starting an unchecked agent; run the allocator with bin/lablink server" >&2
                    exit 1
                    """;
        }
        return """
                AGENT_SHA256=%s
                curl -fsSL --retry 20 --retry-delay 3 --retry-all-errors -o /opt/lablink/lablink-agent.jar.download "%s/downloads/lablink-agent.jar"
                if ! echo "$AGENT_SHA256  /opt/lablink/lablink-agent.jar.download" | sha256sum -c - >/dev/null 2>&1; then
                  echo "lablink bootstrap: the downloaded lablink-agent.jar does not have the SHA-256 $AGENT_SHA256 given in the user data; not running it" >&2
                  rm -f /opt/lablink/lablink-agent.jar.download
                  exit 1
                fi
                mv /opt/lablink/lablink-agent.jar.download /opt/lablink/lablink-agent.jar
                """.formatted(sha256, allocator);
    }

    /**
     * The session runs an OCI image: install an engine when the machine has none, and let containers
     * reach an NVIDIA GPU where the distribution packages the toolkit. A failed install does not stop
     * the boot: the agent reports the missing engine when the session starts.
     */
    private static final String CONTAINER_ENGINE = """
            if ! command -v docker >/dev/null 2>&1 && ! command -v podman >/dev/null 2>&1; then
              echo "lablink bootstrap: the session runs an image and this machine has no docker or podman; installing one"
              if command -v apt-get >/dev/null 2>&1; then
                { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io; } || echo "lablink bootstrap: could not install docker.io" >&2
              else
                dnf install -y podman || yum install -y podman || echo "lablink bootstrap: could not install podman" >&2
              fi
            fi
            if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1 && ! command -v nvidia-ctk >/dev/null 2>&1; then
              if command -v apt-get >/dev/null 2>&1 && apt-cache show nvidia-container-toolkit >/dev/null 2>&1; then
                DEBIAN_FRONTEND=noninteractive apt-get install -y -q nvidia-container-toolkit || true
              elif command -v dnf >/dev/null 2>&1 && dnf list --available nvidia-container-toolkit >/dev/null 2>&1; then
                dnf install -y nvidia-container-toolkit || true
              fi
              if command -v nvidia-ctk >/dev/null 2>&1; then
                if command -v docker >/dev/null 2>&1; then
                  nvidia-ctk runtime configure --runtime=docker && systemctl restart docker || true
                else
                  nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml || true
                fi
              else
                echo "lablink bootstrap: no nvidia-container-toolkit package for this distribution; GPUs will not reach containers" >&2
              fi
            fi
            """;

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
