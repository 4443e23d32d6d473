package dev.lablink.provider.lambda;

import dev.lablink.core.provider.ProviderException;

/** An error answer from Lambda Cloud, carrying its documented code, message and suggestion. */
final class LambdaApiException extends ProviderException {
    private final int status;
    private final String code;

    LambdaApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
