package dev.lablink.server.admins;

import dev.lablink.core.config.LabLinkConfig;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The account that exists before anyone could add one: {@code app.admin_user} with the admin role.
 * Its password is {@code app.admin_password} when configured (set again at each start, so changing
 * the config changes it, and made again at start if someone removed it); otherwise the hash an earlier version generated into the settings table
 * (so that password keeps working), or, on a first start, a generated one that is printed once.
 * There is no built-in default password.
 */
@Component
public class FirstAdminAccount {
    /** Where versions before admin accounts kept the one admin's bcrypt hash. */
    static final String LEGACY_HASH_KEY = "admin_password_bcrypt";
    static final String CREATED_BY = "lablink:first-start";

    private final AdminRepository accounts;
    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final LabLinkConfig config;

    public FirstAdminAccount(AdminRepository accounts, JdbcClient jdbc, PasswordEncoder encoder, LabLinkConfig config) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.config = config;
    }

    /** Makes sure the first account exists; returns the generated password when this call made one. */
    public Optional<String> ensure() {
        String username = config.app().adminUser();
        if (config.app().hasAdminPassword()) {
            String configured = config.app().adminPassword();
            Optional<AdminRepository.Credentials> current = accounts.credentials(username);
            if (current.isPresent()) {
                if (!encoder.matches(configured, current.get().passwordHash())) {
                    accounts.setPassword(username, encoder.encode(configured));
                }
            } else {
                // Also when it was removed: the config names this account and its password, so it comes back.
                accounts.insert(username, encoder.encode(configured), Role.ADMIN, CREATED_BY);
            }
            return Optional.empty();
        }
        if (!accounts.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> legacy = jdbc.sql("SELECT value FROM settings WHERE key = :key").param("key", LEGACY_HASH_KEY)
                .query(String.class).optional();
        if (legacy.isPresent()) {
            accounts.insertFirst(username, legacy.get(), CREATED_BY);
            return Optional.empty();
        }
        String generated = Passwords.generate();
        return accounts.insertFirst(username, encoder.encode(generated), CREATED_BY) ? Optional.of(generated) : Optional.empty();
    }
}
