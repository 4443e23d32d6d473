package dev.lablink.server.providers;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the local provider (and lablink dev fake-cloud) starts an agent: with this very JVM and this very code, so a machine
 * always runs the agent that matches its allocator. From the runnable jar that is
 * {@code java -jar lablink.jar agent}; from a class path (tests, IDE) the agent's main class.
 */
public final class AgentLaunchCommand {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private AgentLaunchCommand() {
    }

    public static List<String> forThisJvm() {
        String javaBinary = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(JVM_OPTIONS);
        var jar = RunningJar.path();
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString(), "agent"));
        } else {
            command.addAll(List.of("-cp", absolute(classPath), "dev.lablink.agent.AgentMain"));
        }
        return command;
    }

    private static String absolute(String classPath) {
        return String.join(File.pathSeparator, java.util.Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList());
    }
}
