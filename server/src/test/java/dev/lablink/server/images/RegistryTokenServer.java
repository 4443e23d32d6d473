package dev.lablink.server.images;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The token service of a private registry, as the distribution spec describes it: {@code GET
 * /token?service=…&scope=…} with Basic credentials, answered with a JWT (ES256) that grants the
 * scopes asked for. The registry trusts it through {@link #certificatePem()}, a self-signed
 * certificate of the signing key; the token's {@code kid} is the key's libtrust fingerprint, which
 * is how docker-registry finds the key among its root certificates.
 */
public final class RegistryTokenServer implements AutoCloseable {
    public static final String SERVICE = "lablink-test-registry";
    public static final String ISSUER = "lablink-test-token-service";

    private final String username;
    private final String password;
    private final KeyPair key;
    private final String certificatePem;
    private final HttpServer server;

    public RegistryTokenServer(String username, String password) throws Exception {
        this.username = username;
        this.password = password;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.key = generator.generateKeyPair();
        this.certificatePem = selfSigned(key);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::answer);
        server.start();
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String certificatePem() {
        return certificatePem;
    }

    /** A token for these scopes ({@code repository:lab/tools:pull,push}), for the test's own pushes. */
    public String issue(String subject, List<String> scopes) {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            access.add(Map.of("type", scope.substring(0, first), "name", scope.substring(first + 1, last),
                    "actions", Arrays.asList(scope.substring(last + 1).split(","))));
        }
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(SERVICE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("access", access).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(libtrustKeyId(key)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> scopes = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    scopes.addAll(Arrays.asList(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).split(" ")));
                }
            }
            byte[] body = ("{\"token\":\"" + issue(username, scopes) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** libtrust's key id: SHA-256 of the DER public key, its first 240 bits in base32, in 12 groups of 4 joined by ':'. */
    static String libtrustKeyId(KeyPair key) {
        try {
            byte[] hash = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()), 30);
            String base32 = new Base32().encodeAsString(hash);
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < 48; i += 4) {
                groups.add(base32.substring(i, i + 4));
            }
            return String.join(":", groups);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String selfSigned(KeyPair key) throws IOException, OperatorCreationException {
        X500Name name = new X500Name("CN=" + ISSUER);
        Instant now = Instant.now();
        X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        return pem.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
