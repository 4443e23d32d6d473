package dev.lablink.dist;

import java.util.Comparator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped subcommand gets one line with the nearest command. Picocli's own suggestion compares
 * letter pairs, so a swap of two letters ({@code vm lsit}) shares none with {@code list} and got
 * no suggestion; an edit distance catches swaps and dropped letters alike.
 */
final class UnknownCommandHandler implements IParameterExceptionHandler {
    private final IParameterExceptionHandler otherwise;

    UnknownCommandHandler(IParameterExceptionHandler otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        CommandLine command = e.getCommandLine();
        if (!(e instanceof UnmatchedArgumentException unmatched) || command.getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()
                || unmatched.getUnmatched().getFirst().startsWith("-")) {
            return otherwise.handleParseException(e, args);
        }
        String written = unmatched.getUnmatched().getFirst();
        List<String> names = command.getSubcommands().keySet().stream().toList();
        String name = command.getCommandSpec().qualifiedName();
        String hint = nearest(written, names).map(near -> "did you mean " + name + " " + near + "?")
                .orElse("commands: " + String.join(", ", names));
        command.getErr().println(name + ": unknown command '" + written + "'; " + hint + " (see " + name + " --help)");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static java.util.Optional<String> nearest(String written, List<String> names) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return names.stream()
                .min(Comparator.comparingInt(candidate -> distance.apply(written, candidate)))
                .filter(candidate -> distance.apply(written, candidate) <= Math.max(2, candidate.length() / 3));
    }
}
