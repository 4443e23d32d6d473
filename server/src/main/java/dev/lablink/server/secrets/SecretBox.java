package dev.lablink.server.secrets;

import dev.lablink.core.config.LabLinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts what participants give us (CRD codes, PINs) before it is stored: AES-256-GCM, a fresh
 * nonce per value. The key is {@code connect.secret_key}, or one generated once and kept in
 * {@code <data_dir>/secrets/secret.key} (owner-only), never in the database it protects.
 */
@Component
public class SecretBox {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;

    public SecretBox(LabLinkConfig config) {
        this.key = new SecretKeySpec(keyBytes(config), "AES");
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt", e);
        }
    }

    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("could not decrypt a stored secret: was connect.secret_key changed?", e);
        }
    }

    private static byte[] keyBytes(LabLinkConfig config) {
        if (config.connect().secretKey() != null) {
            return Base64.getDecoder().decode(config.connect().secretKey().trim());
        }
        Path file = config.dataDirPath().resolve("secrets").resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path temporary = Files.createTempFile(file.getParent(), "secret", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh));
                Files.move(temporary, file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return keyBytes(config); // another allocator on this data dir wrote it first
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the secret key in " + file + ": " + e.getMessage(), e);
        }
    }
}
