package dev.lablink.provider.terraform;

import dev.lablink.core.provider.ProviderException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs the terraform binary in a working directory, handing each output line (standard output and
 * error both) to a listener as it comes, and turns a missing binary, a timeout or a failed run
 * into a message an admin can act on. Only standard output is returned, so warnings never spoil
 * {@code terraform output -json}.
 */
final class TerraformRunner {
    private static final int TAIL = 15;

    private final String binary;
    private final Path workDir;
    private final Duration timeout;
    private final UnaryOperator<String> redact;

    /** @param redact applied to every line before anyone sees it (Terraform may print a sensitive value back) */
    TerraformRunner(String binary, Path workDir, Duration timeout, UnaryOperator<String> redact) {
        this.binary = binary;
        this.workDir = workDir;
        this.timeout = timeout;
        this.redact = redact;
    }

    /** Runs {@code terraform args…}; returns its output, or throws with its last lines. */
    String run(Consumer<String> lines, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().put("TF_IN_AUTOMATION", "1");
            builder.environment().put("TF_INPUT", "0");
            process = builder.start();
        } catch (IOException e) {
            throw new ProviderException("cannot run '" + binary + "': " + e.getMessage()
                    + "; install Terraform 1.x (https://developer.hashicorp.com/terraform/install) or set terraform.binary to its path");
        }
        StringBuilder all = new StringBuilder();
        Deque<String> tail = new ArrayDeque<>();
        Thread errors = Thread.ofVirtual().start(() -> read(process.getErrorStream(), tail, lines, null));
        try {
            read(process.getInputStream(), tail, lines, all);
            errors.join();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                throw new ProviderException("terraform " + args[0] + " did not finish within " + timeout.toMinutes()
                        + " minutes (terraform.timeout_minutes); its state is kept in " + workDir);
            }
        } catch (UncheckedIOException e) {
            throw new ProviderException("lost terraform " + args[0] + "'s output: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted during terraform " + args[0]);
        }
        if (process.exitValue() != 0) {
            synchronized (tail) {
                throw new ProviderException("terraform " + args[0] + " failed (exit " + process.exitValue() + "): " + errorOf(tail));
            }
        }
        return all.toString();
    }

    /** Reads one stream: the raw text is kept for the caller, listeners and error messages get it redacted. */
    private void read(InputStream stream, Deque<String> tail, Consumer<String> lines, StringBuilder keep) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String raw;
            while ((raw = reader.readLine()) != null) {
                if (keep != null) {
                    keep.append(raw).append('\n');
                }
                String line = redact.apply(raw);
                lines.accept(line);
                if (!line.isBlank()) {
                    synchronized (tail) {
                        tail.addLast(line.strip());
                        if (tail.size() > TAIL) {
                            tail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Terraform's "Error: …" lines and what follows them, else the last lines. */
    private static String errorOf(Deque<String> tail) {
        List<String> lines = List.copyOf(tail);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Error:") || lines.get(i).startsWith("│ Error:")) {
                return String.join(" ", lines.subList(i, lines.size())).replace("│", "").replaceAll("\\s+", " ").strip();
            }
        }
        return String.join(" ", lines);
    }
}
