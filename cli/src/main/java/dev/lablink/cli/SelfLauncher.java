package dev.lablink.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start this same lablink again, for the ProxyCommand that ssh runs: {@code LABLINK_LAUNCHER}
 * when set (a script such as bin/lablink), else this JVM's java with the jar it runs
 * ({@code java -jar lablink.jar}), or with its class path and main class when not run from a jar.
 */
final class SelfLauncher {
    private SelfLauncher() {
    }

    /** The launcher as a shell command line for ssh's ProxyCommand, every word quoted and every % doubled. */
    static String commandLine(String override) {
        List<String> words = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            words.add(override.trim());
        } else {
            words.addAll(detected());
        }
        return String.join(" ", words.stream().map(SelfLauncher::quoted).toList());
    }

    private static List<String> detected() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            return List.of(java, "-jar", new File(classPath).getAbsolutePath());
        }
        String command = System.getProperty("sun.java.command", "");
        String mainClass = command.isBlank() ? "" : command.split(" ")[0];
        if (classPath.isEmpty() || mainClass.isEmpty()) {
            return List.of("lablink");
        }
        return List.of(java, "-cp", classPath, mainClass);
    }

    /** A file path as an ssh_config value: % escaped, double-quoted where it has a space. */
    static String configValue(String path) {
        String escaped = path.replace("%", "%%");
        return escaped.contains(" ") ? "\"" + escaped + "\"" : escaped;
    }

    /** Single-quoted for sh, with ssh's % tokens escaped. */
    static String quoted(String word) {
        String escaped = word.replace("%", "%%");
        return escaped.matches("[A-Za-z0-9_./:=@+-]+") ? escaped : "'" + escaped.replace("'", "'\\''") + "'";
    }
}
