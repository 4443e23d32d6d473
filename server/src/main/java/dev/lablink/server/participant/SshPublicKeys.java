package dev.lablink.server.participant;

import dev.lablink.server.api.BadRequestException;

/**
 * The seat page's check of a pasted ssh public key ({@link dev.lablink.core.config.SshPublicKeys}),
 * as a 400 on the form's field {@value #FIELD} that says how to fix it.
 */
public final class SshPublicKeys {
    public static final String FIELD = "ssh_public_key";

    private SshPublicKeys() {
    }

    public static String check(String pasted) {
        try {
            return dev.lablink.core.config.SshPublicKeys.check(pasted);
        } catch (dev.lablink.core.config.SshPublicKeys.Invalid invalid) {
            throw new BadRequestException(FIELD, invalid.getMessage());
        }
    }
}
