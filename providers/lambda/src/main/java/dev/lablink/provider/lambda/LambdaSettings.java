package dev.lablink.provider.lambda;

/**
 * {@code lambda.*}: the Lambda Cloud provider. The API key comes from {@code api_key} or, when
 * that is unset, from the kdevops credentials file ({@code ~/.lambdalabs/credentials}).
 */
public record LambdaSettings(String apiKey, String credentialsFile, String endpoint, Integer launchesPerMinute) {
    public static final String DEFAULT_ENDPOINT = "https://cloud.lambdalabs.com/api/v1";
    public static final String DEFAULT_CREDENTIALS_FILE = "~/.lambdalabs/credentials";

    public LambdaSettings {
        credentialsFile = credentialsFile == null ? DEFAULT_CREDENTIALS_FILE : credentialsFile;
        endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        // Lambda documents five launches a minute.
        launchesPerMinute = launchesPerMinute == null ? 5 : launchesPerMinute;
    }

    @Override
    public String toString() {
        return "LambdaSettings[apiKey=" + (apiKey == null ? "unset" : "***") + ", credentialsFile=" + credentialsFile
                + ", endpoint=" + endpoint + ", launchesPerMinute=" + launchesPerMinute + "]";
    }
}
