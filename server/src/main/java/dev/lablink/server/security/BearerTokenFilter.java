package dev.lablink.server.security;

import dev.lablink.server.admins.ApiTokens;
import dev.lablink.server.admins.TokenRepository;
import dev.lablink.server.tunnel.SeatTunnelTokens;
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
 * Authenticates an admin API call by {@code Authorization: Bearer llk_…}, as the token's account
 * with its role. A token that is unknown or revoked is a 401 at once (not a fall back to other
 * credentials), so a script with a dead token learns why.
 */
class BearerTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";

    private final ApiTokens tokens;

    BearerTokenFilter(ApiTokens tokens) {
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
        String token = header.substring(PREFIX.length()).trim();
        if (token.startsWith(SeatTunnelTokens.PREFIX)) {
            chain.doFilter(request, response); // a participant's seat token: SeatTokenFilter's
            return;
        }
        Optional<TokenRepository.Owner> owner = token.startsWith(ApiTokens.PREFIX)
                ? tokens.authenticate(token, request.getRemoteAddr()) : Optional.empty();
        if (owner.isEmpty()) {
            BearerAnswers.refuse(request, response,
                    "this API token is unknown or revoked; create one with lablink token create NAME or use the admin password");
            return;
        }
        BearerAnswers.continueAs(UsernamePasswordAuthenticationToken.authenticated(owner.get().username(), null,
                List.of(new SimpleGrantedAuthority(owner.get().role().authority()))), request, response, chain);
    }
}
