package dev.lablink.server.security;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.agentapi.MachineTokenFilter;
import dev.lablink.server.machines.MachineRepository;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Two doors: agents with their machine token on {@code /api/v1/agent/**}; admins with HTTP Basic
 * on the rest of the API. Participants' claim and seat count need no login.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    AdminAccount adminAccount(JdbcClient jdbc, PasswordEncoder encoder, LabLinkConfig config) {
        return new AdminAccount(jdbc, encoder, config);
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
    SecurityFilterChain adminApi(HttpSecurity http, AdminAccount admin) throws Exception {
        var entryPoint = new ProblemAuthenticationEntryPoint("Basic realm=\"lablink\"", "admin credentials are required");
        return http
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .userDetailsService(admin)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/claims").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/seats").permitAll()
                        .requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/**", "/api/v1/docs", "/api/v1/docs/**", "/api/v1/swagger-ui/**",
                                "/swagger-ui/**", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/**", "/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/error").permitAll()
                        .anyRequest().permitAll())
                .build();
    }
}
