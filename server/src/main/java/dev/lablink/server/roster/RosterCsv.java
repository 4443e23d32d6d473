package dev.lablink.server.roster;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.EmailAddresses;
import dev.lablink.server.api.Quote;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The roster file: UTF-8 CSV with the columns email, name and an optional group, with or without a
 * header row (one whose first cell is {@code email}; then its columns may come in any order). Every
 * bad row is reported by its line in the file, all at once.
 */
public final class RosterCsv {
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final int MAX_ROWS = 50_000;
    static final int MAX_NAME = 200;
    static final int MAX_GROUP = 100;
    private static final List<String> COLUMNS = List.of("email", "name", "group");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();
    private static final Pattern PARSER_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");
    private static final CSVFormat EXPORT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private RosterCsv() {
    }

    /** The people in {@code bytes}, each email once; throws with every bad row when any is bad. */
    public static List<RosterEntry> read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new RosterTooLargeException(bytes.length);
        }
        String text = utf8(bytes);
        Lines lines = new Lines(text);
        List<RosterImportException.RowProblem> problems = new ArrayList<>();
        List<RosterEntry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int[] order = {0, 1, 2};
        int headerColumns = 0;
        boolean first = true;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            for (CSVRecord record : parser) {
                if (record.stream().allMatch(String::isBlank)) {
                    continue; // a line of spaces or bare commas, as spreadsheets leave at the end
                }
                int line = lines.of(firstCharacter(text, record.getCharacterPosition()));
                if (first) {
                    first = false;
                    if (record.stream().anyMatch(cell -> cell.equalsIgnoreCase("email"))) {
                        order = header(record, line, problems);
                        headerColumns = record.size();
                        continue;
                    }
                }
                if (entries.size() + problems.size() >= MAX_ROWS) {
                    throw new RosterTooLargeException("the roster file has more than " + MAX_ROWS
                            + " rows; split it and import the parts one after another (without replace)");
                }
                RosterEntry entry = row(record, line, order, headerColumns, problems);
                if (entry == null) {
                    continue;
                }
                Integer earlier = firstLine.putIfAbsent(entry.email(), line);
                if (earlier != null) {
                    problems.add(new RosterImportException.RowProblem(line, "email", "email " + Quote.of(entry.email())
                            + " is already on line " + earlier + "; list each person once"));
                } else {
                    entries.add(entry);
                }
            }
        } catch (UncheckedIOException | IOException | IllegalStateException e) {
            // commons-csv stops at a quote it cannot match (its message names the line); the rows after it cannot be read
            Matcher at = PARSER_LINE.matcher(String.valueOf(e.getMessage()));
            int line = at.find() ? Integer.parseInt(at.group(1)) : lines.of(text.length());
            problems.add(new RosterImportException.RowProblem(line, "file", "a quoted value is not closed,"
                    + " or text follows its closing quote; put the whole value in double quotes and double any quote inside it (\"\")"));
        }
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new RosterImportException(problems);
        }
        if (entries.isEmpty()) {
            throw new BadRequestException("file", "the roster file lists nobody; write one person per line: email,name,group"
                    + " (to empty the roster, remove everyone instead)");
        }
        return entries;
    }

    /** Which column holds email, name and group (-1: absent). */
    private static int[] header(CSVRecord record, int line, List<RosterImportException.RowProblem> problems) {
        int[] order = {-1, -1, -1};
        for (int i = 0; i < record.size(); i++) {
            String column = record.get(i).toLowerCase(Locale.ROOT);
            int known = COLUMNS.indexOf(column.equals("group_name") ? "group" : column);
            if (known < 0) {
                problems.add(new RosterImportException.RowProblem(line, "file", "column " + Quote.of(record.get(i))
                        + " is not one of email, name, group; remove it or rename it"));
            } else if (order[known] >= 0) {
                problems.add(new RosterImportException.RowProblem(line, "file", "column " + Quote.of(column) + " appears twice; keep one"));
            } else {
                order[known] = i;
            }
        }
        return order;
    }

    /** @param headerColumns how many columns the header row has; 0 without one */
    private static RosterEntry row(CSVRecord record, int line, int[] order, int headerColumns, List<RosterImportException.RowProblem> problems) {
        if (headerColumns == 0 && record.size() > COLUMNS.size()) {
            problems.add(new RosterImportException.RowProblem(line, "file", "the row has " + record.size()
                    + " columns; write at most 3: email,name,group (quote a name that holds a comma)"));
            return null;
        }
        if (headerColumns > 0 && record.size() > headerColumns) {
            problems.add(new RosterImportException.RowProblem(line, "file", "the row has " + record.size() + " columns, the header "
                    + headerColumns + "; quote a name that holds a comma"));
            return null;
        }
        String email = cell(record, order[0]);
        var emailProblem = EmailAddresses.problem(email);
        if (emailProblem.isPresent()) {
            problems.add(new RosterImportException.RowProblem(line, "email",
                    email == null || email.isBlank() ? "email is required on every row" : "email " + emailProblem.get()));
            return null;
        }
        String name = blankToNull(cell(record, order[1]));
        String group = blankToNull(cell(record, order[2]));
        boolean fine = true;
        if (name != null && name.length() > MAX_NAME) {
            problems.add(new RosterImportException.RowProblem(line, "name", "name is " + name.length() + " characters; at most " + MAX_NAME + " are kept"));
            fine = false;
        }
        if (group != null && group.length() > MAX_GROUP) {
            problems.add(new RosterImportException.RowProblem(line, "group", "group is " + group.length() + " characters; at most " + MAX_GROUP + " are kept"));
            fine = false;
        }
        return fine ? new RosterEntry(EmailAddresses.normalize(email), name, group) : null;
    }

    /** Where the record's text begins: commons-csv counts it from before the empty lines it skipped. */
    private static long firstCharacter(String text, long position) {
        long at = position;
        while (at < text.length() && (text.charAt((int) at) == '\n' || text.charAt((int) at) == '\r')) {
            at++;
        }
        return at;
    }

    private static String cell(CSVRecord record, int column) {
        return column < 0 || column >= record.size() ? null : record.get(column);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The text, refused in words when it is not UTF-8 or looks binary; a byte order mark (Excel's "CSV UTF-8") is dropped. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("file", "the roster file is not UTF-8 text; save it as \"CSV UTF-8\" (a spreadsheet's export)"
                    + " or as plain CSV text, and import it again");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new BadRequestException("file", "the roster file looks binary (it holds NUL bytes), not CSV text;"
                    + " export the sheet as CSV and import that file");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The roster as a file that imports back unchanged: a header row, then one person per line. */
    public static String write(List<RosterPerson> people) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, EXPORT)) {
            printer.printRecord(COLUMNS);
            for (RosterPerson person : people) {
                printer.printRecord(person.email(), orEmpty(person.name()), orEmpty(person.group()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Line numbers (from 1) of character positions in the text. */
    private static final class Lines {
        private final int[] starts;

        Lines(String text) {
            List<Integer> found = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    found.add(i + 1);
                }
            }
            starts = found.stream().mapToInt(Integer::intValue).toArray();
        }

        int of(long position) {
            int at = Arrays.binarySearch(starts, (int) Math.min(position, Integer.MAX_VALUE));
            return at >= 0 ? at + 1 : -at - 1;
        }
    }
}
