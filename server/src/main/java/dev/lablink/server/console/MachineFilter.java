package dev.lablink.server.console;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.Machine;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the machines table shows: by default every machine that is not TERMINATED (they pile up
 * otherwise), {@code ALL} for every machine, or one state; narrowed by a search over name,
 * participant, provider, type and region.
 */
record MachineFilter(String stateParameter, Set<MachineState> states, String search, String unknownState) {
    static final String ALL = "ALL";
    private static final int LONGEST_SEARCH = 100;

    static MachineFilter of(String state, String q) {
        String search = q == null ? "" : q.strip();
        search = search.length() > LONGEST_SEARCH ? search.substring(0, LONGEST_SEARCH) : search;
        String wanted = state == null ? "" : state.strip().toUpperCase(Locale.ROOT);
        if (wanted.equals(ALL)) {
            return new MachineFilter(ALL, EnumSet.noneOf(MachineState.class), search, null);
        }
        if (!wanted.isEmpty()) {
            try {
                MachineState one = MachineState.valueOf(wanted);
                return new MachineFilter(one.name(), EnumSet.of(one), search, null);
            } catch (IllegalArgumentException e) {
                return new MachineFilter("", live(), search, state.strip());
            }
        }
        return new MachineFilter("", live(), search, null);
    }

    boolean hidesTerminated() {
        return stateParameter.isEmpty();
    }

    boolean matches(Machine machine) {
        if (search.isEmpty()) {
            return true;
        }
        String needle = search.toLowerCase(Locale.ROOT);
        return Stream.of(machine.name(), machine.assignedEmail(), machine.provider(), machine.machineType(), machine.region())
                .anyMatch(field -> field != null && field.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static Set<MachineState> live() {
        return EnumSet.complementOf(EnumSet.of(MachineState.TERMINATED));
    }
}
