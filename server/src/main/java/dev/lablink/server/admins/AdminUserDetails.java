package dev.lablink.server.admins;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Spring Security's view of the admin accounts: the password hash and ROLE_ADMIN or ROLE_VIEWER. */
@Component
public class AdminUserDetails implements UserDetailsService {
    private final AdminRepository accounts;

    public AdminUserDetails(AdminRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        AdminRepository.Credentials account = accounts.credentials(username)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return User.withUsername(account.username()).password(account.passwordHash()).authorities(account.role().authority()).build();
    }
}
