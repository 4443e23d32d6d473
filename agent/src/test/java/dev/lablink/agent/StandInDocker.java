package dev.lablink.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in {@code docker} (or {@code podman}) for machines without a container engine, like the
 * nvidia-smi one: a shell script that records each call's arguments to {@code calls} and plays the
 * engines' documented outputs and exit codes by image name: {@code …/missing} is not found
 * (manifest unknown), {@code …/private} needs a login (the secret {@link #SECRET}),
 * {@code unreachable.example.org/…} has no such host, anything else pulls and runs. A file
 * {@code no-daemon} makes it a CLI without a daemon, {@code no-gpu-driver} refuses {@code --gpus},
 * {@code registry-lost} makes every pull "manifest unknown".
 */
public final class StandInDocker {
    public static final String SECRET = "s3cret-registry-token";

    public final Path dir;
    public final Path executable;

    private StandInDocker(Path dir, Path executable) {
        this.dir = dir;
        this.executable = executable;
    }

    /** @param name {@code docker} or {@code podman} */
    public static StandInDocker in(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                d='%s'
                printf '%%s\\n' "$*" >> "$d/calls"
                if [ -f "$d/no-daemon" ]; then
                  case "$1" in info|pull|run|login)
                    echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"; exit 1;;
                  esac
                fi
                case "$1" in
                info) echo "Server Version: 27.3.1"; echo "Storage Driver: overlay2"; exit 0;;
                login)
                  read -r secret
                  server="$5"
                  if [ "$2" = "--username" ] && [ "$4" = "--password-stdin" ] && [ "$secret" = "%s" ]; then
                    mkdir -p "$DOCKER_CONFIG"; echo '{"auths":{"'"$server"'":{}}}' > "$DOCKER_CONFIG/config.json"
                    touch "$d/logged-in"; echo "Login Succeeded"; exit 0
                  fi
                  echo "Error response from daemon: Get \\"https://$server/v2/\\": unauthorized: incorrect username or password"; exit 1;;
                pull)
                  image="$2"
                  if [ -f "$d/registry-lost" ]; then
                    echo "Error response from daemon: manifest for $image not found: manifest unknown: manifest unknown"; exit 1
                  fi
                  case "$image" in
                  unreachable.example.org/*)
                    echo "Error response from daemon: Get \\"https://unreachable.example.org/v2/\\": dial tcp: lookup unreachable.example.org on 127.0.0.53:53: no such host"; exit 1;;
                  */missing*)
                    echo "Error response from daemon: manifest for $image not found: manifest unknown: manifest unknown"; exit 1;;
                  */private*)
                    if [ ! -f "$d/logged-in" ]; then
                      echo "Error response from daemon: Head \\"https://registry.example.org/v2/lab/private/manifests/1\\": unauthorized"; exit 1
                    fi;;
                  esac
                  echo "1: Pulling from lab/notebook"; echo "Digest: sha256:4f5c2a0e7d1b"; echo "Status: Downloaded newer image for $image"; echo "$image"; exit 0;;
                run)
                  case " $* " in *" --gpus "*)
                    if [ -f "$d/no-gpu-driver" ]; then
                      echo 'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].'; exit 125
                    fi;;
                  esac
                  touch "$d/running"; echo "[I 09:00:00.000 ServerApp] Jupyter Server 2.14.2 is running" > "$d/container.log"
                  echo "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; exit 0;;
                inspect)
                  if [ -f "$d/running" ]; then echo true; exit 0; fi
                  echo "Error: No such object: $4"; exit 1;;
                logs)
                  cat "$d/container.log" 2>/dev/null
                  while [ -f "$d/running" ]; do sleep 0.2; done; exit 0;;
                stop) rm -f "$d/running"; echo "$4"; exit 0;;
                rm) echo "$3"; exit 0;;
                esac
                echo "unknown command: $1"; exit 2
                """.formatted(dir, SECRET));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new StandInDocker(dir, script);
    }

    /** Each call's arguments, one line per call. */
    public List<String> calls() throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** The first call that starts with {@code command} (e.g. "run"). */
    public String call(String command) throws IOException {
        List<String> calls = calls();
        return calls.stream().filter(line -> line.startsWith(command + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + command + " call among " + calls));
    }

    public void set(String flag) throws IOException {
        Files.writeString(dir.resolve(flag), "");
    }
}
