package dev.lablink.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks {@code session.apps} and {@code session.ssh}: the ports a machine's tunnel may reach. */
final class SessionValidator {
    /** An app's name is a path segment of {@code /m/<machine>/<app>/}. */
    static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    void addProblems(SessionSettings session, List<String> problems) {
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
}
