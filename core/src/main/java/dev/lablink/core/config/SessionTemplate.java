package dev.lablink.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ready-made session, chosen with one line ({@code session.template: jupyter}): its image, its
 * command and its apps, each used where the lab's {@code session.*} leaves that part out. The
 * commands bind to {@code $LABLINK_LISTEN_ADDRESS}, which the agent sets to 0.0.0.0 inside a
 * container (whose ports it publishes to 127.0.0.1 only) and to 127.0.0.1 on the machine itself,
 * so the same command works with and without a container engine, and listen on {@code $LABLINK_PORT_<APP>},
 * so a lab that moves an app's port moves the command with it. {@code command} runs the image's own
 * entry point when empty.
 */
public record SessionTemplate(String name, String image, List<String> command, List<SessionApp> apps, Map<String, String> env,
                              String description) {
    public static final String JUPYTER = "jupyter";
    public static final String DESKTOP = "desktop";
    public static final String CODE_SERVER = "code-server";
    public static final String COMMAND = "command";

    private static final List<SessionTemplate> ALL = List.of(
            new SessionTemplate(JUPYTER, "quay.io/jupyter/base-notebook:latest",
                    List.of("sh", "-c", "if command -v jupyter-lab >/dev/null 2>&1; then app=jupyter-lab; else app=jupyter-notebook; fi;"
                            + " root=; [ \"$(id -u)\" = 0 ] && root=--allow-root;"
                            + " exec $app --no-browser $root --ip=\"$LABLINK_LISTEN_ADDRESS\" --port=\"$LABLINK_PORT_JUPYTER\""
                            + " --NotebookApp.base_url=\"$LABLINK_BASE_URL_JUPYTER\" --NotebookApp.token= --NotebookApp.password="),
                    List.of(new SessionApp(JUPYTER, 8888, "/", "Jupyter")), Map.of(),
                    "Jupyter (JupyterLab in the image, Jupyter Notebook where it runs on the machine itself) on port 8888"),
            new SessionTemplate(DESKTOP, "lscr.io/linuxserver/webtop:ubuntu-xfce", List.of(),
                    List.of(new SessionApp(DESKTOP, 3000, "/", "Desktop")), Map.of("SUBFOLDER", "{base_url:desktop}"),
                    "an XFCE desktop in the browser (linuxserver's webtop, port 3000); needs a container engine on the machine"),
            new SessionTemplate(CODE_SERVER, "docker.io/codercom/code-server:latest",
                    List.of("sh", "-c", "exec code-server --bind-addr \"$LABLINK_LISTEN_ADDRESS:$LABLINK_PORT_CODE\" --auth none --disable-telemetry ."),
                    List.of(new SessionApp("code", 8080, "/", "VS Code")), Map.of(),
                    "VS Code in the browser (code-server) on port 8080"),
            new SessionTemplate(COMMAND, null, List.of(), List.of(), Map.of(),
                    "session.command as written, on the machine (the provider's default when left out)"));

    public static Optional<SessionTemplate> find(String name) {
        return ALL.stream().filter(template -> template.name().equals(name)).findFirst();
    }

    public static List<SessionTemplate> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(SessionTemplate::name).toList();
    }
}
