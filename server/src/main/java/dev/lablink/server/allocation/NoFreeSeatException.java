package dev.lablink.server.allocation;

/** Every seat is taken (or none exists yet). */
public class NoFreeSeatException extends RuntimeException {
    private final SeatCounts counts;

    public NoFreeSeatException(SeatCounts counts) {
        super(counts.total() == 0
                ? "no machines exist yet; ask the admin to create some"
                : "all " + counts.total() + " seats are taken (" + counts.claimed() + " claimed, "
                        + counts.starting() + " still starting"
                        + (counts.unhealthy() > 0 ? ", " + counts.unhealthy() + " held back with an unhealthy GPU" : "") + "); none is free");
        this.counts = counts;
    }

    public SeatCounts counts() {
        return counts;
    }
}
