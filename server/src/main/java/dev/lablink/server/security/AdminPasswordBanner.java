package dev.lablink.server.security;

import dev.lablink.core.config.LabLinkConfig;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** On the first start without a configured password, prints the generated one, once, to the console. */
@Component
@Order(0)
class AdminPasswordBanner implements ApplicationRunner {
    private final AdminAccount admin;
    private final LabLinkConfig config;

    AdminPasswordBanner(AdminAccount admin, LabLinkConfig config) {
        this.admin = admin;
        this.config = config;
    }

    @Override
    public void run(ApplicationArguments args) {
        admin.ensurePassword().ifPresent(password -> System.out.println("""

                ================================================================
                 LabLink generated an admin password. It is shown only once.
                   user:     %s
                   password: %s
                 Keep it: export LABLINK_ADMIN_PASSWORD='%s' for the CLI.
                 To choose your own, set app.admin_password (or
                 LABLINK_APP_ADMIN_PASSWORD) and restart.
                ================================================================
                """.formatted(config.app().adminUser(), password, password)));
    }
}
