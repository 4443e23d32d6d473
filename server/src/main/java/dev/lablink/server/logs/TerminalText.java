package dev.lablink.server.logs;

import java.util.regex.Pattern;

/**
 * Log text as it is shown and downloaded: without terminal escape sequences (ANSI colours and
 * cursor moves, OSC titles and hyperlinks, 7- and 8-bit forms) or other control characters but
 * tab, so a line from a machine cannot rewrite an admin's terminal or fake lines of its own.
 * The stored text is untouched; {@code logs.txt?raw=true} serves it as sent.
 */
public final class TerminalText {
    private static final Pattern ESCAPES = Pattern.compile(String.join("|",
            "(?:\\u001B\\]|\\u009D)[^\\u0007\\u001B\\u009C]*(?:\\u0007|\\u001B\\\\|\\u009C)?", // OSC … BEL or ST
            "(?:\\u001B[P^_X]|[\\u0090\\u0098\\u009E\\u009F])[^\\u001B\\u009C]*(?:\\u001B\\\\|\\u009C)?", // DCS, SOS, PM, APC strings
            "(?:\\u001B\\[|\\u009B)[0-?]*[ -/]*[@-~]?", // CSI: colours, cursor moves, erase
            "\\u001B[ -/]*[0-~]?", // every other escape
            "[\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F]")); // what control characters remain, tab kept

    private TerminalText() {
    }

    public static String strip(String text) {
        if (text == null || text.chars().noneMatch(c -> c < 0x20 && c != '\t' || c >= 0x7F && c <= 0x9F)) {
            return text;
        }
        return ESCAPES.matcher(text).replaceAll("");
    }
}
