package dev.lablink.cli;

import java.io.Console;

/** Whether a person sits at this command: only then may it redraw lines or ask for a confirmation. */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Since JDK 22 System.console() may answer with a console whose streams are redirected; isTerminal() (22+) tells.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Asks on the terminal; true when the answer is exactly {@code expected}. */
    static boolean confirm(String question, String expected) {
        String answer = System.console().readLine("%s", question);
        return answer != null && answer.trim().equals(expected);
    }
}
