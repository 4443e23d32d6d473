package dev.lablink.server.admins;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.api.Quote;
import dev.lablink.server.events.EventRepository;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Adds, lists, removes admin accounts and sets their passwords; each change is an event. */
@Service
public class AdminAccounts {
    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");

    private final AdminRepository accounts;
    private final PasswordEncoder encoder;
    private final EventRepository events;
    private final TransactionTemplate transactions;
    private final AccountLockouts lockouts;

    public AdminAccounts(AdminRepository accounts, PasswordEncoder encoder, EventRepository events, TransactionTemplate transactions,
                         AccountLockouts lockouts) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.events = events;
        this.transactions = transactions;
        this.lockouts = lockouts;
    }

    /** An account with its lock-out as the login throttle sees it now. */
    public record Listed(Admin admin, AccountLockouts.Lockout lockout) {
    }

    /** {@code password} is the generated one (shown once), or null when the caller chose it. */
    public record WithPassword(Admin admin, String password) {
    }

    public List<Listed> list() {
        return accounts.list().stream().map(a -> new Listed(a, lockouts.of(a.username()))).toList();
    }

    public WithPassword add(String username, String roleName, String password, String by) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new BadRequestException("username", (username == null ? "username is required" : Quote.of(username) + " is not a valid username")
                    + "; use 2 to 32 lowercase letters, digits, '.', '_' or '-', starting with a letter, like 'ada' or 'lab.viewer'");
        }
        // Least power unless asked: a forgotten --role makes a viewer, not a second admin.
        Role role = roleName == null ? Role.VIEWER : Role.parse("role", roleName);
        String chosen = chooseOrGenerate(password);
        if (!accounts.insert(username, encoder.encode(chosen), role, by)) {
            throw new ConflictException("an account named " + Quote.of(username) + " already exists; pick another name or remove it first");
        }
        events.record(by, null, "ADMIN_ADDED", username + " added with role " + role.value());
        return new WithPassword(accounts.find(username).orElseThrow(), password == null ? chosen : null);
    }

    public void remove(String username, String by) {
        AdminRepository.RemoveOutcome outcome = transactions.execute(status -> accounts.delete(username));
        switch (outcome) {
            case NOT_FOUND -> throw new NotFoundException("no admin account " + Quote.of(username) + "; lablink admin list shows them");
            case LAST_ADMIN -> throw new ConflictException(Quote.of(username)
                    + " is the last account with the admin role; add another admin before removing it");
            case REMOVED -> events.record(by, null, "ADMIN_REMOVED", username + " removed (and its API tokens with it)");
        }
    }

    /** @return the generated password, or null when {@code password} was given */
    public String setPassword(String username, String password, String by) {
        String chosen = chooseOrGenerate(password);
        if (!accounts.setPassword(username, encoder.encode(chosen))) {
            throw new NotFoundException("no admin account " + Quote.of(username) + "; lablink admin list shows them");
        }
        events.record(by, null, "ADMIN_PASSWORD_SET", "the password of " + username + " was " + (password == null ? "reset to a generated one" : "changed"));
        return password == null ? chosen : null;
    }

    private static String chooseOrGenerate(String password) {
        if (password == null) {
            return Passwords.generate();
        }
        Passwords.check(password);
        return password;
    }
}
