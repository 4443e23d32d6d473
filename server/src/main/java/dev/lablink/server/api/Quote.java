package dev.lablink.server.api;

/**
 * How an error quotes what the caller sent: a short prefix, control characters shown as '?', so
 * that a 50 MB value is not echoed back and an escape sequence does not reach a terminal.
 */
public final class Quote {
    static final int MAX_CHARS = 60;

    private Quote() {
    }

    /** {@code 'value'}, or {@code 'first 60 characters…' (N characters)} for a longer one. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        out.append(text.length() > MAX_CHARS ? "…' (" + text.length() + " characters)" : "'");
        return out.toString();
    }

    /** A request path for an error body: at most 200 characters, never the whole of a 10 kB address. */
    public static String path(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }
}
