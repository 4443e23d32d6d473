package dev.lablink.core.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chrome Remote Desktop command a participant pastes (from remotedesktop.google.com/headless).
 * Only its {@code --code} value is ever used: the machine runs {@code start-host} itself, with an
 * argument list, so nothing else from the pasted text can reach a shell. The command is valid when
 * it is one line with exactly one {@code --code} ({@code --code=X} or {@code --code X}, one pair
 * of matching quotes allowed) whose value is letters, digits, {@code _}, {@code /} and {@code -}.
 */
public final class CrdCommand {
    private static final Pattern CODE_FLAG = Pattern.compile("(?<![^\\s])--code(?=[=\\s]|$)");
    private static final Pattern CODE_ARGUMENT = Pattern.compile("(?<![^\\s])--code(?:=|\\s+)(\\S*)");
    private static final Pattern CODE_VALUE = Pattern.compile("[A-Za-z0-9_/\\-]+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_/\\-]");
    private static final int MAX_LENGTH = 2000;

    private CrdCommand() {
    }

    /** Why a pasted command was refused, in words for the participant. */
    public static final class InvalidCrdCommandException extends RuntimeException {
        InvalidCrdCommandException(String message) {
            super(message);
        }
    }

    /** @return the code to give {@code start-host} */
    public static String code(String pasted) {
        if (pasted == null || pasted.isBlank()) {
            throw new InvalidCrdCommandException("the Chrome Remote Desktop command is required: copy it from "
                    + "remotedesktop.google.com/headless (\"Set up via SSH\") and paste it whole");
        }
        if (pasted.length() > MAX_LENGTH) {
            throw new InvalidCrdCommandException("the Chrome Remote Desktop command is too long (" + pasted.length()
                    + " characters); paste only the one command the page shows");
        }
        if (pasted.strip().chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new InvalidCrdCommandException("the Chrome Remote Desktop command must be one line; paste only the command, without line breaks");
        }
        int flags = 0;
        Matcher flag = CODE_FLAG.matcher(pasted);
        while (flag.find()) {
            flags++;
        }
        if (flags == 0) {
            throw new InvalidCrdCommandException("the Chrome Remote Desktop command has no --code; paste the whole command the page shows");
        }
        if (flags > 1) {
            throw new InvalidCrdCommandException("the Chrome Remote Desktop command has " + flags + " --code values; it must have exactly one");
        }
        Matcher argument = CODE_ARGUMENT.matcher(pasted);
        String value = argument.find() ? unquote(argument.group(1)) : "";
        if (value.isEmpty()) {
            throw new InvalidCrdCommandException("the --code in the Chrome Remote Desktop command has no value");
        }
        if (!CODE_VALUE.matcher(value).matches()) {
            throw new InvalidCrdCommandException("the --code value may hold only letters, digits, _, / and -, but it has "
                    + describe(notAllowed(value)) + "; paste the command exactly as the page shows it");
        }
        return value;
    }

    /** One pair of matching quotes around the value is allowed; anything else stays and fails the check. */
    private static String unquote(String raw) {
        if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'') && raw.charAt(raw.length() - 1) == raw.charAt(0)) {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    private static List<String> notAllowed(String value) {
        List<String> found = new ArrayList<>();
        Matcher matcher = NOT_ALLOWED.matcher(value);
        while (matcher.find() && found.size() < 3) {
            if (!found.contains(matcher.group())) {
                found.add(matcher.group());
            }
        }
        return found;
    }

    private static String describe(List<String> characters) {
        return String.join(" ", characters.stream().map(c -> "'" + c + "'").toList());
    }
}
