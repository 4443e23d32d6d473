package dev.lablink.server.images;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's {@code WWW-Authenticate} answer to a request without (enough) credentials:
 * {@code Bearer realm="https://auth/token",service="registry",scope="repository:lab/tools:pull"}
 * (the token flow of the distribution spec) or {@code Basic realm="..."}.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]*))");

    static AuthChallenge parse(String header) {
        String text = header == null ? "" : header.trim();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space > 0) {
            Matcher m = PARAMETER.matcher(text.substring(space + 1));
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
                parameters.put(m.group(1).toLowerCase(Locale.ROOT), value);
            }
        }
        return new AuthChallenge(scheme, parameters);
    }

    boolean isBearer() {
        return "bearer".equals(scheme);
    }

    boolean isBasic() {
        return "basic".equals(scheme);
    }

    String realm() {
        return parameters.get("realm");
    }

    String service() {
        return parameters.get("service");
    }

    String scope() {
        return parameters.get("scope");
    }
}
