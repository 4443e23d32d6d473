package dev.lablink.server.security;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.admins.FirstAdminAccount;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Makes sure the first admin account exists; on a first start without a configured password, prints the generated one, once. */
@Component
@Order(0)
class AdminPasswordBanner implements ApplicationRunner {
    private final FirstAdminAccount admin;
    private final LabLinkConfig config;

    AdminPasswordBanner(FirstAdminAccount admin, LabLinkConfig config) {
        this.admin = admin;
        this.config = config;
    }

    @Override
    public void run(ApplicationArguments args) {
        admin.ensure().ifPresent(password -> System.out.println("""

                ================================================================
                 LabLink generated an admin password. It is shown only once.
                   user:     %s
                   password: %s
                 Keep it: export LABLINK_ADMIN_PASSWORD='%s' for the CLI.
                 To choose your own, set app.admin_password (or
                 LABLINK_APP_ADMIN_PASSWORD) and restart. More accounts:
                 lablink admin add NAME (see "Admins and tokens" in the README).
                ================================================================
                """.formatted(config.app().adminUser(), password, password)));
    }
}
