package dev.lablink.server.machines;

import dev.lablink.core.machine.MachineState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place the SQL of a machine state change is written: the UPDATE of {@code state},
 * {@code state_changed_at} and {@code state_times}, the STATE_CHANGED event and the notification.
 * Callers compose these CTE fragments into their own single statement (a claim stays one atomic
 * statement), so every state change is guarded by {@link MachineState}'s table and logged alike.
 * A test ({@code StateWritesFunnelTest}) fails when any other class writes {@code machines.state}.
 */
public final class MachineTransitions {
    private MachineTransitions() {
    }

    /** Where the rows move to: a fixed state, or a column of the source holding each row's own target. */
    public record Target(String sql, Set<MachineState> states) {
        public static Target state(MachineState to) {
            return new Target("'" + to.name() + "'", Set.of(to));
        }

        /** {@code column} of the source (written {@code s.column}); {@code possible}: the states it can hold. */
        public static Target column(String column, Set<MachineState> possible) {
            return new Target("s." + column, Set.copyOf(possible));
        }
    }

    /**
     * Two CTEs, {@code moved} and {@code logged} (continue with {@code ", next AS (…)"} or the final SELECT).
     * {@code moved} moves every row of {@code source} (a CTE with columns {@code id} and {@code state},
     * locked by the caller, aliased {@code s}) whose state may go to its target, and returns the
     * machine's new row plus {@code previous}; {@code logged} writes a STATE_CHANGED event for each.
     *
     * @param extraSet further assignments of the move, each followed by a comma ("" for none); may use {@code s.}
     * @param actor    SQL for the event's actor, e.g. {@code :actor}
     * @param message  SQL for the event's message, e.g. {@code :reason}
     */
    public static String move(String source, Target target, String extraSet, String actor, String message) {
        return """
                moved AS (
                    UPDATE machines m
                       SET state = %2$s, %3$s state_changed_at = now(),
                           state_times = m.state_times || jsonb_build_object(CAST(%2$s AS text), now())
                      FROM %1$s s
                     WHERE m.id = s.id AND (s.state, %2$s) IN (%4$s)
                    RETURNING m.*, s.state AS previous
                ), logged AS (
                    INSERT INTO events (actor, machine_id, type, from_state, to_state, message)
                    SELECT %5$s, id, 'STATE_CHANGED', previous, state, %6$s FROM moved
                )
                """.formatted(source, target.sql(), extraSet, allowed(target.states()), actor, message);
    }

    /** Wakes every allocator's listeners (long polls, live pages) for the machine {@code idColumn} names. */
    public static String notify(String idColumn) {
        return "pg_notify('" + MachineChangeChannel.CHANNEL + "', " + idColumn + "::text)";
    }

    /** The (from, to) pairs MachineState allows into {@code targets}, as SQL row values. */
    static String allowed(Set<MachineState> targets) {
        List<String> pairs = new ArrayList<>();
        for (MachineState to : MachineState.values()) {
            if (targets.contains(to)) {
                MachineState.predecessorsOf(to).forEach(from -> pairs.add("('" + from.name() + "', '" + to.name() + "')"));
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no state may move to " + targets);
        }
        return pairs.stream().collect(Collectors.joining(", "));
    }

    /** A SQL list of state names, for the states a statement picks its rows from. */
    public static String names(Set<MachineState> states) {
        return states.stream().sorted().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    }
}
