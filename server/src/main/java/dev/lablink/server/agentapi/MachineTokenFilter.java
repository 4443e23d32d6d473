package dev.lablink.server.agentapi;

import dev.lablink.server.machines.MachineRepository;
import dev.lablink.server.provisioning.MachineTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates agent calls by {@code Authorization: Bearer <machine token>}. A missing or unknown
 * token leaves the request anonymous, and the security chain answers 401 without saying why.
 */
public class MachineTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";

    private final MachineRepository machines;

    public MachineTokenFilter(MachineRepository machines) {
        this.machines = machines;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith(PREFIX) && header.length() > PREFIX.length()) {
            String token = header.substring(PREFIX.length()).trim();
            machines.findByTokenHash(MachineTokens.hash(token)).ifPresent(machine -> {
                var principal = new MachinePrincipal(machine.id(), machine.name());
                var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                        List.of(new SimpleGrantedAuthority("ROLE_MACHINE")));
                SecurityContextHolder.getContext().setAuthentication(authentication);
            });
        }
        chain.doFilter(request, response);
    }
}
