package dev.lablink.server.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The allocator's feature packages depend on each other in one direction only: a package that
 * reaches back up to one that uses it makes both one tangle, where a change to either ripples
 * through the other. Read from the sources' imports and fully qualified names.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/lablink/server");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.lablink\\.server\\.(\\w+)\\.[A-Z]");

    @Test
    void noPackageOfTheServerReachesBackToOneThatUsesIt() {
        Map<String, Set<String>> uses = uses();
        assertThat(uses).as("packages read").hasSizeGreaterThan(10);

        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                List<String> back = path(uses, to, from);
                if (back != null && from.compareTo(to) < 0) {
                    cycles.add(from + " -> " + String.join(" -> ", back));
                }
            }
        }
        assertThat(cycles).as("package cycles in server/ (each: a chain of imports that comes back)").isEmpty();
    }

    /** A chain of uses from {@code start} to {@code goal} (both included), or null. */
    private static List<String> path(Map<String, Set<String>> uses, String start, String goal) {
        Map<String, String> cameFrom = new TreeMap<>();
        List<String> queue = new ArrayList<>(List.of(start));
        cameFrom.put(start, null);
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            if (at.equals(goal)) {
                List<String> chain = new ArrayList<>();
                for (String step = at; step != null; step = cameFrom.get(step)) {
                    chain.addFirst(step);
                }
                return chain;
            }
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static Map<String, Set<String>> uses() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = SOURCES.relativize(file.getParent());
                if (relative.toString().isEmpty()) {
                    return; // the application class wires everything together; it is the top
                }
                String from = relative.getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(read(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        targets.add(matcher.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
