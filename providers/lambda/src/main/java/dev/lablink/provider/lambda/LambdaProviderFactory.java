package dev.lablink.provider.lambda;

import static dev.lablink.core.config.ConfigChecks.isHttpUrl;

import dev.lablink.core.config.ConfigException;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProviderUse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The {@code lambda} plug-in: the {@code lambda:} section, its checks, and Lambda Cloud machines from it. */
public final class LambdaProviderFactory implements MachineProviderFactory<LambdaSettings> {

    @Override
    public String name() {
        return LambdaProvider.NAME;
    }

    @Override
    public Class<LambdaSettings> settingsType() {
        return LambdaSettings.class;
    }

    @Override
    public List<String> problems(LambdaSettings lambda, ProviderUse use) {
        List<String> problems = new ArrayList<>();
        if (!isHttpUrl(lambda.endpoint())) {
            problems.add("lambda.endpoint: '" + lambda.endpoint() + "' is not an absolute http(s) URL; leave it out to use " + LambdaSettings.DEFAULT_ENDPOINT);
        }
        if (lambda.launchesPerMinute() < 1 || lambda.launchesPerMinute() > 600) {
            problems.add("lambda.launches_per_minute: " + lambda.launchesPerMinute() + " is out of range; use 1 to 600 (Lambda allows 5)");
        }
        return problems;
    }

    /** The API key is looked for only now, so a config that never uses Lambda needs none. */
    @Override
    public MachineProvider create(LambdaSettings lambda, ProviderContext context) {
        String apiKey;
        try {
            apiKey = LambdaCredentials.apiKey(lambda.apiKey(), Path.of(lambda.credentialsFile().replaceFirst("^~", System.getProperty("user.home"))));
        } catch (ProviderException e) {
            throw new ConfigException("lambda: " + e.getMessage());
        }
        String deployment = context.deployment();
        String keyName = "lablink-" + deployment + "-" + shortHash(deployment + "@" + context.dataDir().toAbsolutePath());
        return new LambdaProvider(lambda.endpoint(), apiKey, deployment, keyName, context.keysDir(), lambda.launchesPerMinute());
    }

    /** kdevops names its keys with a short hash of the project's directory; ours hashes the deployment and data dir. */
    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
