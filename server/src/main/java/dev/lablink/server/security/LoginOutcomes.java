package dev.lablink.server.security;

import dev.lablink.server.events.EventRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Feeds Spring Security's login outcomes (Basic and form alike) to the {@link LoginThrottle} and
 * the audit trail: every failed login and lock-out (the client address and the account name it
 * named, never the password), every console login, and API logins with HTTP Basic, which send the
 * password on every call, at most once per account and address per {@link #BASIC_EVENT_EVERY}.
 */
@Component
class LoginOutcomes {
    static final Duration BASIC_EVENT_EVERY = Duration.ofMinutes(5);
    private static final int MAX_NAME = 64;

    private final LoginThrottle throttle;
    private final EventRepository events;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> lastBasicEvent = new ConcurrentHashMap<>();

    LoginOutcomes(LoginThrottle throttle, EventRepository events) {
        this.throttle = throttle;
        this.events = events;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String address = addressOf(event.getAuthentication());
        if (address == null) {
            return;
        }
        String name = event.getAuthentication().getName();
        List<LoginThrottle.Scope> locked = throttle.failed(address, name);
        String account = shown(name);
        events.record("login:" + address, null, "LOGIN_FAILED", "failed login as " + account + " from " + address);
        for (LoginThrottle.Scope scope : locked) {
            events.record("login:" + address, null, "LOGIN_LOCKED", scope == LoginThrottle.Scope.ACCOUNT
                    ? "the account " + account + " is locked out for a while after repeated failed logins (the last from " + address + ")"
                    : "the address " + address + " is locked out for a while after repeated failed logins (the last as " + account + ")");
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        String address = addressOf(event.getAuthentication());
        if (address == null) {
            return;
        }
        String account = event.getAuthentication().getName();
        throttle.succeeded(address, account);
        boolean form = isFormLogin();
        if (form || firstBasicInAWhile(account + "@" + address)) {
            events.record("admin:" + account, null, "LOGIN", account + " logged in " + (form ? "to the console" : "to the API (HTTP Basic)")
                    + " from " + address + (form ? "" : "; recorded at most every 5 minutes"));
        }
    }

    private boolean firstBasicInAWhile(String key) {
        Instant now = clock.instant();
        if (lastBasicEvent.size() > 10_000) {
            lastBasicEvent.values().removeIf(at -> at.plus(BASIC_EVENT_EVERY).isBefore(now));
        }
        return lastBasicEvent.compute(key, (k, last) -> last == null || !now.isBefore(last.plus(BASIC_EVENT_EVERY)) ? now : last) == now;
    }

    private static boolean isFormLogin() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return "POST".equals(request.getMethod()) && SecurityConfiguration.LOGIN_PAGE.equals(request.getServletPath());
        }
        return false;
    }

    /** A name as typed by whoever tried: cut short and without control characters before it goes into an event. */
    private static String shown(String name) {
        String clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() > MAX_NAME ? clean.substring(0, MAX_NAME) + "…" : clean) + "'";
    }

    private static String addressOf(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }
}
