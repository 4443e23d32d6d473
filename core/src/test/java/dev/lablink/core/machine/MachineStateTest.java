package dev.lablink.core.machine;

import static dev.lablink.core.machine.MachineState.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineStateTest {

    @Test
    void happyPathIsAllowedInOrder() {
        assertThat(PROVISIONING.canMoveTo(BOOTING)).isTrue();
        assertThat(BOOTING.canMoveTo(READY)).isTrue();
        assertThat(READY.canMoveTo(ASSIGNED)).isTrue();
        assertThat(ASSIGNED.canMoveTo(IN_USE)).isTrue();
        assertThat(IN_USE.canMoveTo(TERMINATING)).isTrue();
        assertThat(TERMINATING.canMoveTo(TERMINATED)).isTrue();
    }

    @Test
    void skippingOrGoingBackIsRejected() {
        assertThat(READY.canMoveTo(IN_USE)).isFalse();
        assertThat(PROVISIONING.canMoveTo(READY)).isFalse();
        assertThat(IN_USE.canMoveTo(READY)).isFalse();
        assertThat(ASSIGNED.canMoveTo(READY)).isFalse();
        assertThat(TERMINATED.canMoveTo(PROVISIONING)).isFalse();
        assertThat(FAILED.canMoveTo(READY)).isFalse();
    }

    @Test
    void anUnreachableMachineReturnsOnlyToAStateItCouldHaveLeft() {
        for (MachineState watched : WATCHED) {
            assertThat(watched.canMoveTo(UNREACHABLE)).isTrue();
            assertThat(UNREACHABLE.canMoveTo(watched)).isTrue();
        }
        assertThat(BOOTING.canMoveTo(UNREACHABLE)).isFalse();
        assertThat(UNREACHABLE.canMoveTo(BOOTING)).isFalse();
        assertThat(UNREACHABLE.canMoveTo(TERMINATING)).isTrue();
    }

    @Test
    void terminatedIsFinal() {
        for (MachineState next : values()) {
            assertThat(TERMINATED.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void predecessorsAreTheStatesThatMayEnter() {
        assertThat(predecessorsOf(ASSIGNED)).containsExactlyInAnyOrder(READY, UNREACHABLE, IN_USE); // IN_USE: session.software stopped
        assertThat(predecessorsOf(TERMINATED)).containsExactly(TERMINATING);
        assertThat(predecessorsOf(TERMINATING)).contains(READY, IN_USE, FAILED).doesNotContain(TERMINATED, TERMINATING);
    }
}
