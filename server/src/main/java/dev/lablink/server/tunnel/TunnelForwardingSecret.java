package dev.lablink.server.tunnel;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The secret allocators on one database show each other to forward a stream. It lives in that
 * database, made by the first allocator that asks: whoever can read the database can already do
 * everything this secret allows and more (write an admin's API token hash, move any machine), so
 * keeping it there adds no new way in, and no operator has to copy a shared key to every allocator.
 */
@Component
class TunnelForwardingSecret {
    private final JdbcClient jdbc;
    private volatile String secret;

    TunnelForwardingSecret(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    String get() {
        String known = secret;
        if (known == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            jdbc.sql("INSERT INTO tunnel_forwarding_secret (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .param("secret", Base64.getUrlEncoder().withoutPadding().encodeToString(random)).update();
            known = jdbc.sql("SELECT secret FROM tunnel_forwarding_secret WHERE id = 1").query(String.class).single();
            secret = known;
        }
        return known;
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), get().getBytes(StandardCharsets.UTF_8));
    }
}
