package dev.lablink.server.security;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.admins.AdminUserDetails;
import dev.lablink.server.admins.ApiTokens;
import dev.lablink.server.agentapi.MachineTokenFilter;
import dev.lablink.server.api.CompatPaths;
import dev.lablink.server.compat.CompatTokenFilter;
import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.security.oidc.OidcLogin;
import dev.lablink.server.tunnel.SeatTunnelTokens;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Three doors: agents with their machine token on {@code /api/v1/agent/**}; HTTP Basic or an API
 * token (Bearer llk_…) for admin accounts on the rest of the API (stateless, no cookies, so no CSRF
 * to guard); accounts with the viewer role may only read; and the web pages, where
 * admins log in with a form into a session kept in PostgreSQL and every form post carries a CSRF
 * token. Participants' pages and the seat count need no login (their seat pages check the
 * participant's session, see ParticipantSession); claims through the API are an admin's.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    static final String LOGIN_PAGE = "/admin/login";
    /** Role names as Spring's hasRole takes them; the authorities are ROLE_ADMIN and ROLE_VIEWER. */
    static final String ADMIN = "ADMIN";
    static final String VIEWER = "VIEWER";
    /** A participant with their claim's tunnel token (lablink ssh --seat): the tunnel and ssh routes only, their own machine only. */
    static final String PARTICIPANT = "PARTICIPANT";
    /**
     * Pages load only the allocator's own scripts, styles, webjars and event streams (no CDN, no
     * inline script or style), may not be framed, and tell no other site which page linked to it.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** The firewall's refusals answer like every other error (see ProblemRequestRejectedHandler). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    @Bean
    LoginThrottle loginThrottle() {
        return new LoginThrottle(Clock.systemUTC());
    }

    /** LabLink's client images: their routes, with the deployment's compat token (when compat is on). */
    @Bean
    @Order(0)
    SecurityFilterChain labLinkClients(HttpSecurity http, LabLinkConfig config) throws Exception {
        http.securityMatcher(CompatPaths.PATTERNS)
                .headers(SecurityConfiguration::pageHeaders)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
                    response.setStatus(401);
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"A valid bearer token is required.\"}");
                }));
        if (!config.compat().enabled()) {
            // Off: the routes answer 404 saying how to turn them on.
            return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
        }
        return http.addFilterBefore(new CompatTokenFilter(config.compat().token()), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        // Participants' routes: LabLink's request page posts its form without a CSRF token.
                        .requestMatchers("/api/unassigned_vms_count", "/api/request_vm").permitAll()
                        .anyRequest().hasRole("COMPAT_MACHINE"))
                .build();
    }

    /**
     * The apps at {@code /m/**}: AppProxyServlet itself decides who may open one (the seat's
     * participant, admins) and answers everyone else a 404 that tells nothing. None of the console's
     * headers (its Content-Security-Policy would stop Jupyter's own scripts) and no CSRF token (the app
     * has its own); the session is read, never created here.
     */
    @Bean
    @Order(-1)
    SecurityFilterChain browserApps(HttpSecurity http) throws Exception {
        return http.securityMatcher("/m/**")
                .headers(headers -> headers.disable())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain agentApi(HttpSecurity http, MachineRepository machines) throws Exception {
        return http.securityMatcher("/api/v1/agent/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new MachineTokenFilter(machines), AuthorizationFilter.class)
                // the async dispatch that completes a long poll belongs to a request already authorized
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .anyRequest().hasRole("MACHINE"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(
                        "Bearer realm=\"lablink\"", "a valid machine token is required")))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminApi(HttpSecurity http, AdminUserDetails admins, LoginThrottle throttle, ApiTokens tokens,
                                 SeatTunnelTokens seatTokens) throws Exception {
        var entryPoint = new ProblemAuthenticationEntryPoint("Basic realm=\"lablink\"", "admin credentials are required");
        return http.securityMatcher("/api/**", "/actuator/**", "/swagger-ui/**", "/v3/api-docs/**", "/destroy")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .userDetailsService(admins)
                .addFilterBefore(new LoginThrottleFilter(throttle), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
                .addFilterBefore(new SeatTokenFilter(seatTokens), BearerTokenFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(new ViewerAccessDenied()))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/seats").permitAll()
                        .requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/**", "/api/v1/docs", "/api/v1/docs/**", "/api/v1/swagger-ui/**",
                                "/swagger-ui/**", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // lablink login's last step: the one-time code and verifier are the credentials
                        .requestMatchers(HttpMethod.POST, "/api/v1/cli-login/token").permitAll()
                        // a tunnel carries bytes both ways, so not a viewer's; a participant's own machine (checked there)
                        .requestMatchers("/api/v1/vms/*/tunnel").hasAnyRole(ADMIN, PARTICIPANT)
                        .requestMatchers(HttpMethod.GET, "/api/v1/vms/*/ssh", "/api/v1/ssh").hasAnyRole(ADMIN, VIEWER, PARTICIPANT)
                        // a viewer reads everything and changes nothing but their own password and tokens
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(ADMIN, VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(ADMIN, VIEWER)
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/*").hasAnyRole(ADMIN, VIEWER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/admins/*/password").hasAnyRole(ADMIN, VIEWER)
                        .anyRequest().hasRole(ADMIN))
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webPages(HttpSecurity http, AdminUserDetails admins, LoginThrottle throttle, OidcLogin oidcLogin) throws Exception {
        oidcLogin.configure(http, LOGIN_PAGE); // single sign-on, when oidc.issuer is set
        return http
                .headers(SecurityConfiguration::pageHeaders)
                // The token rides in a cookie and in each form, so a participant's page needs no session.
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
                .userDetailsService(admins)
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(e -> e.accessDeniedHandler(new ViewerAccessDenied()))
                .formLogin(form -> form.loginPage(LOGIN_PAGE).loginProcessingUrl(LOGIN_PAGE)
                        .defaultSuccessUrl("/admin", false).failureUrl(LOGIN_PAGE + "?error").permitAll())
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout"))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(LOGIN_PAGE).permitAll() // with any query: ?error, ?logout, ?throttled=N
                        .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(ADMIN, VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/admin/**").hasAnyRole(ADMIN, VIEWER)
                        // a viewer's own tokens and password, from the accounts page
                        .requestMatchers(HttpMethod.POST, "/admin/admins/tokens", "/admin/admins/tokens/*/revoke", "/admin/admins/me/password",
                                "/admin/cli-login")
                        .hasAnyRole(ADMIN, VIEWER)
                        .requestMatchers("/admin/**").hasRole(ADMIN)
                        .anyRequest().permitAll())
                .build();
    }

    /** For chains that serve HTML: the LabLink request page among the client routes, and every web page. */
    private static void pageHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
    }
}
