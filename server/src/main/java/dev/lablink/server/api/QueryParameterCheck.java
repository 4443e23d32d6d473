package dev.lablink.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One rule for every query parameter of every route, checked before anything reads them: each name
 * and value is valid percent-encoded UTF-8 and holds no control character (NUL above all, which
 * PostgreSQL refuses). Tomcat would otherwise drop such a parameter with an exception that surfaces
 * as a 500 wherever a controller first asks for it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryParameterCheck extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Refusal refusal = check(request.getQueryString());
        if (refusal == null) {
            chain.doFilter(request, response);
        } else if (ErrorBodies.isApi(request.getRequestURI())) {
            ErrorBodies.write(response, request.getRequestURI(), 400, refusal.detail(), refusal.field());
        } else {
            request.setAttribute(ErrorBodies.DETAIL, refusal.detail());
            response.sendError(400);
        }
    }

    record Refusal(String field, String detail) {
    }

    /** Null when every parameter is fine. */
    static Refusal check(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            String name = decode(rawName);
            if (name == null || hasControl(name)) {
                return new Refusal(Quote.of(rawName), "a query parameter's name " + Quote.of(rawName)
                        + " is not valid percent-encoded UTF-8 text; encode names as UTF-8 and escape them as %XX");
            }
            String value = decode(rawValue);
            if (value == null) {
                return new Refusal(name, "parameter " + Quote.of(name) + " is not valid percent-encoded UTF-8: " + Quote.of(rawValue)
                        + "; encode the value as UTF-8 and escape each byte as %XX (é is %C3%A9, % itself is %25)");
            }
            if (hasControl(value)) {
                return new Refusal(name, "parameter " + Quote.of(name)
                        + " must not contain control characters such as NUL (%00); send printable text");
            }
        }
        return null;
    }

    /** Percent-decodes strictly ('+' is a space); null for a malformed escape or bytes that are not UTF-8. */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
