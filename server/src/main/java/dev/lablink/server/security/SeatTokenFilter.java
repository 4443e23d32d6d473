package dev.lablink.server.security;

import dev.lablink.server.tunnel.SeatTunnelTokens;
import dev.lablink.server.tunnel.TunnelCallers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer lls_…}, a claim's tunnel token ({@code lablink ssh --seat}),
 * as that participant: the role only the tunnel and ssh routes accept (see SecurityConfiguration), the
 * claim as principal so those routes keep them to their own machine. A token that is unknown or whose
 * claim was released is a 401 at once.
 */
class SeatTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer " + SeatTunnelTokens.PREFIX;

    private final SeatTunnelTokens tokens;

    SeatTokenFilter(SeatTunnelTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SeatTunnelTokens.Holder> holder = tokens.holderOf(header.substring("Bearer ".length()).trim());
        if (holder.isEmpty()) {
            BearerAnswers.refuse(request, response,
                    "this seat token is unknown or its claim was released; copy the current one from your seat page");
            return;
        }
        BearerAnswers.continueAs(UsernamePasswordAuthenticationToken.authenticated(holder.get(), null,
                List.of(new SimpleGrantedAuthority(TunnelCallers.PARTICIPANT_AUTHORITY))), request, response, chain);
    }
}
