package dev.lablink.server.providers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;

/** The runnable {@code lablink.jar} this allocator runs from, if it runs from one (not from a class path). */
public final class RunningJar {
    private RunningJar() {
    }

    public static Optional<Path> path() {
        String classPath = System.getProperty("java.class.path");
        if (classPath.contains(File.pathSeparator)) {
            return Optional.empty();
        }
        Path single = Path.of(classPath).toAbsolutePath();
        return isBootJar(single) ? Optional.of(single) : Optional.empty();
    }

    private static boolean isBootJar(Path path) {
        if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
