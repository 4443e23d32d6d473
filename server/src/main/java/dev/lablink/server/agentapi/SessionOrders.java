package dev.lablink.server.agentapi;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.RegistrySettings;
import dev.lablink.core.config.SessionSettings;

/**
 * How an agent prepares its machine and runs sessions, sent with its orders over its
 * authenticated channel: the image to pull ({@code pre_pull}: before the machine is READY), the
 * repository to clone (at {@code ref}), the process whose presence means "in use", the memory
 * bounds, and the login for the image's registry when config gives one. The login is the only way
 * a registry's credentials reach a machine: never user data, logs or events.
 */
public record SessionOrders(String image, String repository, String ref, String software, int memoryLimitPct, int memorySoftLimitPct,
                            boolean prePull, RegistryLogin registryLogin) {

    /** A {@code docker login}: the registry's host, the user ({@code token} when config gives a token alone) and the secret. */
    public record RegistryLogin(String server, String username, String secret) {
        @Override
        public String toString() {
            return "RegistryLogin[server=" + server + ", username=" + username + ", secret=***]";
        }
    }

    /** @param image the image this machine's sessions run (its batch's pinned digest, else session.image), null for none */
    static SessionOrders of(LabLinkConfig config, String image) {
        SessionSettings session = config.session();
        return new SessionOrders(image, session.repository(), session.ref(), session.software(), session.memoryLimitPct(),
                session.memorySoftLimitPct(), session.prePull(), image == null ? null : loginFor(image, config));
    }

    private static RegistryLogin loginFor(String image, LabLinkConfig config) {
        return RegistrySettings.loginFor(config.registries(), image).map(SessionOrders::login).orElse(null);
    }

    private static RegistryLogin login(RegistrySettings registry) {
        return registry.token() != null && registry.password() == null
                ? new RegistryLogin(registry.host(), registry.username() == null ? "token" : registry.username(), registry.token())
                : new RegistryLogin(registry.host(), registry.username(), registry.password());
    }
}
