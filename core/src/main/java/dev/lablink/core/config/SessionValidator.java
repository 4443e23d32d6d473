package dev.lablink.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks {@code session.apps} and {@code session.ssh}: the ports a machine's tunnel may reach. */
final class SessionValidator {
    /** An app's name is a path segment of {@code /m/<machine>/<app>/}. */
    static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
    /** An ssh-style git address, git@host:path. */
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+");
    private static final Pattern PROCESS_NAME = Pattern.compile("[^/\\s]{1,64}");

    void addProblems(SessionSettings session, List<String> problems) {
        if (session.template() != null && SessionTemplate.find(session.template()).isEmpty()) {
            problems.add("session.template: '" + session.template() + "' is not a template; use one of " + String.join(", ", SessionTemplate.names()));
        }
        if (session.image() != null && ImageReference.parse(session.image()).isEmpty()) {
            problems.add("session.image: " + ImageReference.problem(session.image()));
        }
        session.env().keySet().stream().filter(name -> !ENV_NAME.matcher(name).matches()).forEach(name ->
                problems.add("session.env: '" + name + "' is not a variable name; use letters, digits and _, not starting with a digit"));
        if (session.repository() != null && !isRepository(session.repository())) {
            problems.add("session.repository: '" + session.repository() + "' is not a git repository address; write it like"
                    + " https://github.com/lab/workshop.git, git@github.com:lab/workshop.git or an absolute path on the machines");
        }
        if (session.ref() != null && (session.repository() == null || !GIT_REF.matcher(session.ref()).matches() || session.ref().contains(".."))) {
            problems.add("session.ref: " + (session.repository() == null ? "needs session.repository" : "'" + session.ref() + "' is not a branch or tag name")
                    + "; give the branch or tag to clone, like main or v1.2");
        }
        if (session.software() != null && !PROCESS_NAME.matcher(session.software()).matches()) {
            problems.add("session.software: '" + session.software() + "' is not a process name; give the program's name as ps shows it, like sleap-label");
        }
        if (session.memoryLimitPct() < 10 || session.memoryLimitPct() > 100) {
            problems.add("session.memory_limit_pct: " + session.memoryLimitPct() + " is out of range; use 10 to 100 (default 92) percent of the machine's memory");
        }
        if (session.memorySoftLimitPct() < 10 || session.memorySoftLimitPct() > session.memoryLimitPct()) {
            problems.add("session.memory_soft_limit_pct: " + session.memorySoftLimitPct() + " must be from 10 to session.memory_limit_pct ("
                    + session.memoryLimitPct() + "); default 85");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < session.apps().size(); i++) {
            SessionApp app = session.apps().get(i);
            String where = "session.apps[" + i + "]";
            if (app == null) {
                problems.add(where + ": empty entry; write it like {name: jupyter, port: 8888}");
                continue;
            }
            if (app.name() == null || !APP_NAME.matcher(app.name()).matches()) {
                problems.add(where + ".name: " + (app.name() == null ? "required" : "'" + app.name() + "' is not an app name")
                        + "; use 1 to 32 lower-case letters, digits and inner hyphens, like jupyter (it becomes /m/<machine>/<name>/)");
            } else if (!names.add(app.name())) {
                problems.add(where + ".name: '" + app.name() + "' is used by an earlier app; give each app its own name");
            }
            if (app.port() == null || app.port() < 1 || app.port() > 65535) {
                problems.add(where + ".port: " + (app.port() == null ? "required" : app.port() + " is out of range")
                        + "; give the port the app listens on in the machine, 1 to 65535, like 8888");
            }
            if (!app.path().startsWith("/") || app.path().contains("..") || app.path().contains("\\")) {
                problems.add(where + ".path: '" + app.path() + "' must be a path starting with /, like /lab (default /)");
            }
            if (app.label().length() > 40) {
                problems.add(where + ".label: longer than 40 characters; it is a button's text");
            }
        }
        SshSettings ssh = session.ssh();
        if (ssh.port() != null && (ssh.port() < 1 || ssh.port() > 65535)) {
            problems.add("session.ssh.port: " + ssh.port() + " is out of range; give the port sshd listens on in the machine, like 22");
        }
        for (int i = 0; i < ssh.adminKeys().size(); i++) {
            try {
                SshPublicKeys.check(ssh.adminKeys().get(i));
            } catch (SshPublicKeys.Invalid invalid) {
                problems.add("session.ssh.admin_keys[" + i + "]: " + invalid.getMessage());
            }
        }
        if (!ssh.authorizedKeys().startsWith("/") && !ssh.authorizedKeys().startsWith("~/") && !ssh.authorizedKeys().startsWith("{work_dir}/")) {
            problems.add("session.ssh.authorized_keys: '" + ssh.authorizedKeys()
                    + "' must be an absolute path, or start with ~/ or {work_dir}/ (default ~/.ssh/authorized_keys)");
        }
    }

    private static boolean isRepository(String address) {
        if (address.startsWith("/")) {
            return !address.contains("\n");
        }
        if (SCP_LIKE.matcher(address).matches()) {
            return true;
        }
        try {
            java.net.URI uri = new java.net.URI(address);
            return List.of("https", "http", "ssh", "git", "file").contains(String.valueOf(uri.getScheme()))
                    && (uri.getHost() != null || "file".equals(uri.getScheme())) && uri.getPath() != null && uri.getPath().length() > 1;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** {@code registries}: each with a unique name, an absolute http(s) URL, and credentials that make a login. */
    void addRegistryProblems(List<RegistrySettings> registries, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < registries.size(); i++) {
            RegistrySettings registry = registries.get(i);
            String where = "registries[" + i + "]";
            if (registry == null) {
                problems.add(where + ": empty entry; write it like {name: lab, url: https://ghcr.io, username: ..., password: ...}");
                continue;
            }
            if (registry.name() == null || !APP_NAME.matcher(registry.name()).matches()) {
                problems.add(where + ".name: " + (registry.name() == null ? "required" : "'" + registry.name() + "' is not a name")
                        + "; use lower-case letters, digits and inner hyphens, like lab");
            } else if (!seen.add(registry.name())) {
                problems.add(where + ".name: '" + registry.name() + "' is used by an earlier registry; give each its own name");
            }
            if (registry.url() == null || !isRegistryUrl(registry.url())) {
                problems.add(where + ".url: " + (registry.url() == null ? "required" : "'" + registry.url() + "' is not an absolute http(s) URL")
                        + "; write it with its scheme, like https://ghcr.io or http://localhost:5000");
            }
            if ((registry.username() == null) != (registry.password() == null)) {
                problems.add(where + (registry.username() == null ? ".username" : ".password")
                        + ": username and password go together; give both, or a token alone");
            }
            if (registry.token() != null && registry.password() != null) {
                problems.add(where + ".token: give a token or a password, not both");
            }
        }
    }

    private static boolean isRegistryUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
