package dev.lablink.server.allocation;

/**
 * How many seats exist (machines that are or will be usable) and how many are free now;
 * {@code unhealthy}: READY machines held back because their GPU is UNHEALTHY (not free).
 */
public record SeatCounts(int total, int free, int claimed, int starting, int unhealthy) {
}
