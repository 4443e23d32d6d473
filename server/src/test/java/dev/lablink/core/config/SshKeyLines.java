package dev.lablink.core.config;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Fresh ssh public key lines of each type, as {@code ssh-keygen} writes them to a .pub file (the JDK makes the keys). */
public final class SshKeyLines {
    private SshKeyLines() {
    }

    public static String ed25519(String comment) throws Exception {
        byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        return line("ssh-ed25519", comment, string("ssh-ed25519"), string(raw));
    }

    public static String rsa(int bits, String comment) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
        return line("ssh-rsa", comment, string("ssh-rsa"), string(key.getPublicExponent().toByteArray()), string(key.getModulus().toByteArray()));
    }

    /** {@code curve}: nistp256, nistp384 or nistp521. */
    public static String ecdsa(String curve, String comment) throws Exception {
        String type = "ecdsa-sha2-" + curve;
        return line(type, comment, string(type), string(curve), string(ecPoint(curve)));
    }

    public static String skEd25519(String comment) {
        byte[] raw = new byte[32];
        new java.util.Random(1).nextBytes(raw);
        String type = "sk-ssh-ed25519@openssh.com";
        return line(type, comment, string(type), string(raw), string("ssh:"));
    }

    public static String skEcdsa(String comment) throws Exception {
        String type = "sk-ecdsa-sha2-nistp256@openssh.com";
        return line(type, comment, string(type), string("nistp256"), string(ecPoint("nistp256")), string("ssh:"));
    }

    /** A line that says {@code type} around a blob of another key (a line copied together from two keys). */
    public static String mislabelled(String type, String realLine) {
        return type + " " + realLine.split(" ")[1];
    }

    private static byte[] ecPoint(String curve) throws Exception {
        String jdkName = switch (curve) {
            case "nistp256" -> "secp256r1";
            case "nistp384" -> "secp384r1";
            default -> "secp521r1";
        };
        int size = switch (curve) {
            case "nistp256" -> 32;
            case "nistp384" -> 48;
            default -> 66;
        };
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(jdkName));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        ByteArrayOutputStream point = new ByteArrayOutputStream();
        point.write(4);
        point.write(fixed(key.getW().getAffineX(), size));
        point.write(fixed(key.getW().getAffineY(), size));
        return point.toByteArray();
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
        return out;
    }

    private static byte[] string(String text) {
        return string(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] string(byte[] bytes) {
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    private static String line(String type, String comment, byte[]... fields) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (byte[] field : fields) {
            blob.writeBytes(field);
        }
        String base = type + " " + Base64.getEncoder().encodeToString(blob.toByteArray());
        return comment == null ? base : base + " " + comment;
    }
}
