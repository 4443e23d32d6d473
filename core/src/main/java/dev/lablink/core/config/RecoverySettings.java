package dev.lablink.core.config;

/**
 * {@code recovery.*}: what the allocator does with a machine that stopped answering. With
 * {@code replace}, an unclaimed one is destroyed and a fresh one created in its place; a claimed
 * one is flagged to the admin, and with {@code reassign} its participant moves to a free machine.
 */
public record RecoverySettings(Boolean replace, Boolean reassign) {
    public RecoverySettings {
        replace = replace == null || replace;
        reassign = reassign != null && reassign;
    }
}
