package dev.lablink.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A password read from standard input (--password-stdin): its first line, so it never shows in the shell's history. */
final class PasswordInput {
    private PasswordInput() {
    }

    static String read(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("--password-stdin read no password; pipe it in, like: printf '%s\\n' \"$PW\" | lablink admin add NAME --password-stdin");
            }
            return line;
        } catch (IOException e) {
            throw new CliException("reading the password from standard input failed: " + e.getMessage());
        }
    }
}
