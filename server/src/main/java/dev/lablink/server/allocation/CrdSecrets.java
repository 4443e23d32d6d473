package dev.lablink.server.allocation;

import dev.lablink.core.connect.CrdCommand;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.secrets.SecretBox;
import java.security.SecureRandom;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A claim's Chrome Remote Desktop details: the code taken from the participant's pasted command
 * (validated by {@link CrdCommand}) and a random 6-digit PIN made for the claim, both sealed for
 * storage and opened only for the participant's seat page and the machine's agent.
 */
@Component
public class CrdSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretBox box;

    public CrdSecrets(SecretBox box) {
        this.box = box;
    }

    /** The code and PIN, opened. */
    public record Crd(String code, String pin) {
        @Override
        public String toString() {
            return "Crd[code=***, pin=***]";
        }
    }

    /** Checks the pasted command and seals its code with a new PIN; a bad command is a 400 on {@code crd_command}. */
    Claim.Sealed sealNew(String pastedCommand) {
        String pin = String.format("%06d", RANDOM.nextInt(1_000_000));
        return new Claim.Sealed(box.seal(checkedCode(pastedCommand)), box.seal(pin));
    }

    /**
     * The sealed code of a command re-submitted for an existing claim, which keeps its PIN; empty
     * when it is the code the claim already has. A bad command is a 400 on {@code crd_command}.
     */
    Optional<String> sealChanged(Claim claim, String pastedCommand) {
        String code = checkedCode(pastedCommand);
        boolean same = of(claim).map(crd -> crd.code().equals(code)).orElse(false);
        return same ? Optional.empty() : Optional.of(box.seal(code));
    }

    private static String checkedCode(String pastedCommand) {
        try {
            return CrdCommand.code(pastedCommand);
        } catch (CrdCommand.InvalidCrdCommandException e) {
            throw new BadRequestException("crd_command", e.getMessage());
        }
    }

    /** Opens what the claim carries sealed; empty when it has no CRD details. */
    public Optional<Crd> of(Claim claim) {
        Claim.Sealed sealed = claim.sealed();
        if (sealed == null || sealed.crdCode() == null || sealed.pin() == null) {
            return Optional.empty();
        }
        return Optional.of(new Crd(box.open(sealed.crdCode()), box.open(sealed.pin())));
    }
}
