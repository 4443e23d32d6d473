package dev.lablink.provider.lambda;

import dev.lablink.core.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds the Lambda Cloud API key: {@code lambda.api_key}, else kdevops' credentials file
 * ({@code [default]} / {@code lambdalabs_api_key = …}). Like ssh, it refuses a file that others
 * can read. No message it produces ever contains the key.
 */
public final class LambdaCredentials {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private LambdaCredentials() {
    }

    public static String apiKey(String configured, Path credentialsFile) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String text;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(credentialsFile);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new ProviderException(credentialsFile + " can be read by other users; run: chmod 600 " + credentialsFile);
            }
            text = Files.readString(credentialsFile);
        } catch (NoSuchFileException e) {
            throw new ProviderException("no Lambda Cloud API key: set lambda.api_key, or write " + credentialsFile
                    + " with the lines '[default]' and 'lambdalabs_api_key = <key>', then chmod 600 it");
        } catch (UnsupportedOperationException e) {
            throw new ProviderException("cannot check who may read " + credentialsFile + " on this file system; set lambda.api_key instead");
        } catch (IOException e) {
            throw new ProviderException("cannot read " + credentialsFile + ": " + e.getMessage());
        }
        return parse(text).orElseThrow(() -> new ProviderException(credentialsFile
                + " has no 'lambdalabs_api_key = <key>' line in its [default] section"));
    }

    private static java.util.Optional<String> parse(String text) {
        String section = "default";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (section.equals("default") && line.contains("=") && !line.startsWith("#")) {
                String key = line.substring(0, line.indexOf('=')).strip();
                String value = line.substring(line.indexOf('=') + 1).strip();
                if (key.equals("lambdalabs_api_key") && !value.isEmpty()) {
                    return java.util.Optional.of(value);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
