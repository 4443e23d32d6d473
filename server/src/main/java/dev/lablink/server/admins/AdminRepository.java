package dev.lablink.server.admins;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The admin_accounts table. */
@Repository
public class AdminRepository {
    private final JdbcClient jdbc;

    /** The password hash of accounts that sign in only through single sign-on. */
    public static final String NO_PASSWORD = "!single-sign-on";

    public AdminRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Credentials(String username, String passwordHash, Role role) {
    }

    public Optional<Credentials> credentials(String username) {
        return jdbc.sql("SELECT username, password_hash, role FROM admin_accounts WHERE username = :username")
                .param("username", username)
                .query((rs, n) -> new Credentials(rs.getString("username"), rs.getString("password_hash"), role(rs)))
                .optional();
    }

    public Optional<Admin> find(String username) {
        return jdbc.sql("SELECT username, role, created_at, created_by FROM admin_accounts WHERE username = :username")
                .param("username", username).query(AdminRepository::admin).optional();
    }

    public List<Admin> list() {
        return jdbc.sql("SELECT username, role, created_at, created_by FROM admin_accounts ORDER BY username")
                .query(AdminRepository::admin).list();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM admin_accounts)").query(Boolean.class).single();
    }

    /** @return false when the name is taken */
    public boolean insert(String username, String passwordHash, Role role, String createdBy) {
        return jdbc.sql("""
                INSERT INTO admin_accounts (username, password_hash, role, created_by)
                VALUES (:username, :hash, :role, :by) ON CONFLICT (username) DO NOTHING
                """)
                .param("username", username).param("hash", passwordHash).param("role", role.value()).param("by", createdBy)
                .update() == 1;
    }

    /** Only while the table is empty, so two allocators starting at once make one first account. */
    public boolean insertFirst(String username, String passwordHash, String createdBy) {
        return jdbc.sql("""
                INSERT INTO admin_accounts (username, password_hash, role, created_by)
                SELECT :username, :hash, 'admin', :by WHERE NOT EXISTS (SELECT 1 FROM admin_accounts)
                ON CONFLICT (username) DO NOTHING
                """)
                .param("username", username).param("hash", passwordHash).param("by", createdBy)
                .update() == 1;
    }

    /**
     * The account of someone the identity provider vouches for ({@code sso:<subject>}): made at their
     * first console sign-in, its role renewed at each one, so their API tokens act with the role the
     * provider last gave. It has no password ({@link #NO_PASSWORD} never matches a bcrypt check).
     */
    public void saveSingleSignOn(String username, Role role, String createdBy) {
        jdbc.sql("""
                INSERT INTO admin_accounts (username, password_hash, role, created_by) VALUES (:username, :hash, :role, :by)
                ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role WHERE admin_accounts.password_hash = :hash
                """)
                .param("username", username).param("hash", NO_PASSWORD).param("role", role.value()).param("by", createdBy)
                .update();
    }

    /** The provider no longer makes them an admin or viewer: the account and its tokens go. */
    public void deleteSingleSignOn(String username) {
        jdbc.sql("DELETE FROM admin_accounts WHERE username = :username AND password_hash = :hash")
                .param("username", username).param("hash", NO_PASSWORD).update();
    }

    public boolean setPassword(String username, String passwordHash) {
        return jdbc.sql("UPDATE admin_accounts SET password_hash = :hash WHERE username = :username")
                .param("username", username).param("hash", passwordHash).update() == 1;
    }

    /**
     * Deletes the account unless it is the last one with the admin role; the lock on the admin rows
     * keeps two removals at once from each seeing the other admin still there.
     */
    public RemoveOutcome delete(String username) {
        List<String> admins = jdbc.sql("SELECT username FROM admin_accounts WHERE role = 'admin' ORDER BY username FOR UPDATE")
                .query(String.class).list();
        Optional<Admin> account = find(username);
        if (account.isEmpty()) {
            return RemoveOutcome.NOT_FOUND;
        }
        if (account.get().role() == Role.ADMIN && admins.size() <= 1) {
            return RemoveOutcome.LAST_ADMIN;
        }
        jdbc.sql("DELETE FROM admin_accounts WHERE username = :username").param("username", username).update();
        return RemoveOutcome.REMOVED;
    }

    public enum RemoveOutcome { REMOVED, NOT_FOUND, LAST_ADMIN }

    private static Admin admin(ResultSet rs, int n) throws SQLException {
        return new Admin(rs.getString("username"), role(rs), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }

    private static Role role(ResultSet rs) throws SQLException {
        return Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT));
    }
}
