package dev.lablink.server.reconcile;

/**
 * What one provider's machines cost: how many are live, what they burn per hour now, and what
 * they have cost since each booted (from the price recorded at placement; providers without
 * prices count zero).
 */
public record Usage(String provider, int liveMachines, long burnCentsPerHour, long spentCents) {
}
