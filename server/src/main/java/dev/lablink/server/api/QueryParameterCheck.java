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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One rule for every query parameter of every route, checked before anything reads them: each name
 * and value is valid percent-encoded UTF-8 and holds no control character (NUL above all, which
 * PostgreSQL refuses); form fields decode and hold no NUL. Tomcat would otherwise drop such a
 * parameter with an exception that surfaces as a 500 wherever a controller (or the CSRF filter)
 * first asks for it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class QueryParameterCheck extends OncePerRequestFilter {
    private static final Pattern TOMCAT_PARAMETER = Pattern.compile("Parameter \\[([^\\]]{1,60})\\]");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Refusal refusal = check(request.getQueryString());
        if (refusal == null && isForm(request)) {
            refusal = checkForm(request);
        }
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

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** A form body, as Tomcat decodes it (the query string passed already): its fields decode, and hold no NUL. */
    private static Refusal checkForm(HttpServletRequest request) {
        try {
            for (var field : request.getParameterMap().entrySet()) {
                for (String value : field.getValue()) {
                    if (value.indexOf('\0') >= 0) {
                        return new Refusal(field.getKey(), "form field " + Quote.of(field.getKey()) + " must not contain NUL (%00)");
                    }
                }
            }
            return null;
        } catch (IllegalStateException undecodable) { // Tomcat's InvalidParameterException
            String name = parameterName(undecodable);
            return name == null ? new Refusal(null, "the form could not be read: it is malformed or over 2 MB")
                    : new Refusal(name, "form field " + Quote.of(name) + " is not valid percent-encoded UTF-8; "
                    + "encode the value as UTF-8 and escape each byte as %XX");
        }
    }

    /** The parameter Tomcat names in its InvalidParameterException ("Parameter [state] with value …"), or null. */
    static String parameterName(Exception tomcat) {
        Matcher name = TOMCAT_PARAMETER.matcher(String.valueOf(tomcat.getMessage()));
        return name.find() ? name.group(1) : null;
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
