package dev.lablink.server.security;

import dev.lablink.core.config.LabLinkConfig;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The admin account. Its password is {@code app.admin_password} when configured; otherwise the
 * first start generates one, prints it once, and keeps only its bcrypt hash. There is no
 * built-in default password.
 */
public class AdminAccount implements UserDetailsService {
    static final String HASH_KEY = "admin_password_bcrypt";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final LabLinkConfig config;

    public AdminAccount(JdbcClient jdbc, PasswordEncoder encoder, LabLinkConfig config) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.config = config;
    }

    /** Makes sure a password hash exists; returns the generated password when this call made one. */
    public Optional<String> ensurePassword() {
        if (config.app().hasAdminPassword()) {
            String current = storedHash().orElse(null);
            if (current == null || !encoder.matches(config.app().adminPassword(), current)) {
                store(encoder.encode(config.app().adminPassword()));
            }
            return Optional.empty();
        }
        if (storedHash().isPresent()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        int inserted = jdbc.sql("INSERT INTO settings (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING")
                .param("key", HASH_KEY)
                .param("value", encoder.encode(generated))
                .update();
        return inserted == 1 ? Optional.of(generated) : Optional.empty();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (!config.app().adminUser().equals(username)) {
            throw new UsernameNotFoundException("unknown user");
        }
        String hash = storedHash().orElseThrow(() -> new UsernameNotFoundException("no admin password set yet"));
        return User.withUsername(username).password(hash).roles("ADMIN").build();
    }

    private Optional<String> storedHash() {
        return jdbc.sql("SELECT value FROM settings WHERE key = :key").param("key", HASH_KEY).query(String.class).optional();
    }

    private void store(String hash) {
        jdbc.sql("INSERT INTO settings (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
                .param("key", HASH_KEY)
                .param("value", hash)
                .update();
    }
}
