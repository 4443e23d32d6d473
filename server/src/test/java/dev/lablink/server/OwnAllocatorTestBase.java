package dev.lablink.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * For test classes that need an allocator with settings of their own: the subclass starts it in
 * its {@code @BeforeAll} into {@link #allocator}; each test then ends with no machines, and the
 * class with the allocator stopped.
 */
public abstract class OwnAllocatorTestBase {
    protected static TestAllocator allocator;

    @AfterEach
    void destroyMachines() {
        allocator.reset();
    }

    @AfterAll
    static void stopAllocator() {
        if (allocator != null) {
            allocator.reset();
            allocator.stop();
            allocator = null;
        }
    }
}
