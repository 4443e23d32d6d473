package dev.lablink.server.tunnel;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ServerSettings;
import dev.lablink.server.background.TickingComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where the machines' tunnels end when several allocators share one database: this allocator's row
 * in {@code allocators} (its {@code server.internal_url}, renewed every {@link #RENEW_EVERY}) and one
 * row in {@code machine_tunnels} per machine whose control WebSocket is open here. A row is believed
 * only while its allocator renewed it within {@link #LIVE_FOR}: an allocator killed with
 * {@code kill -9} leaves rows behind, but no stream is sent to it once they are stale.
 */
@Component
public class TunnelLocations extends TickingComponent {
    static final Duration RENEW_EVERY = Duration.ofSeconds(5);
    static final Duration LIVE_FOR = Duration.ofSeconds(20);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(TunnelLocations.class);
    private volatile boolean stopped;

    private final UUID id = UUID.randomUUID();
    private final JdbcClient jdbc;
    private final ServerSettings server;
    private final String host = hostName();
    private final Set<Long> here = ConcurrentHashMap.newKeySet();
    private volatile String internalUrl;

    /** Another allocator that holds a machine's tunnel, and how to reach it. */
    record Remote(UUID allocatorId, String internalUrl, String host) {
    }

    public TunnelLocations(JdbcClient jdbc, LabLinkConfig config) {
        super("lablink-tunnel-locations");
        this.jdbc = jdbc;
        this.server = config.server();
        this.internalUrl = server.internalUrlFor(server.port());
    }

    UUID allocatorId() {
        return id;
    }

    @Override
    protected void schedule() {
        try {
            renew();
        } catch (RuntimeException e) {
            log.warn("could not record this allocator for tunnel forwarding yet ({}); trying again in {} s", e.getMessage(), RENEW_EVERY.toSeconds());
        }
        every(RENEW_EVERY, this::renew);
        every(Duration.ofMinutes(5), () -> jdbc.sql("DELETE FROM allocators WHERE seen_at < now() - make_interval(secs => :secs)")
                .param("secs", FORGET_AFTER.toSeconds()).update());
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        internalUrl = server.internalUrlFor(event.getWebServer().getPort());
        renew();
        warnIfOthersCannotReachEachOther();
    }

    /** Renews this allocator's row; if it was gone (the database was reset or cleaned), writes it and its machines again. */
    private void renew() {
        boolean inserted = jdbc.sql("""
                        INSERT INTO allocators (id, internal_url, host) VALUES (:id, :url, :host)
                        ON CONFLICT (id) DO UPDATE SET seen_at = now(), internal_url = EXCLUDED.internal_url
                        RETURNING (xmax = 0)""")
                .param("id", id).param("url", internalUrl).param("host", host)
                .query(Boolean.class).single();
        if (inserted) {
            here.forEach(this::record);
        }
    }

    /** Allocators on other hosts with a loopback URL cannot forward to each other: say so once, at start, naming the key. */
    private void warnIfOthersCannotReachEachOther() {
        List<String> others = jdbc.sql("""
                        SELECT host || ' (' || internal_url || ')' FROM allocators
                        WHERE id <> :id AND host <> :host AND seen_at > now() - make_interval(secs => :secs)""")
                .param("id", id).param("host", host).param("secs", LIVE_FOR.toSeconds())
                .query(String.class).list();
        if (!others.isEmpty() && (server.internalUrlUnset() || others.stream().anyMatch(other -> other.contains("://127.0.0.1:")))) {
            log.warn("server.internal_url: allocators on other hosts share this database ({}), and a loopback URL reaches only its own host; "
                    + "set server.internal_url on each to an address the others reach, or streams to machines connected elsewhere fail", String.join(", ", others));
        }
    }

    /** The machine's control WebSocket is now open on this allocator. */
    void connectedHere(long machineId) {
        here.add(machineId);
        try {
            record(machineId);
        } catch (RuntimeException e) {
            log.warn("could not record machine {}'s tunnel for the other allocators ({}); kept here, recorded again at the next renewal", machineId, e.getMessage());
        }
    }

    private void record(long machineId) {
        jdbc.sql("""
                        INSERT INTO machine_tunnels (machine_id, allocator_id) VALUES (:machine, :id)
                        ON CONFLICT (machine_id) DO UPDATE SET allocator_id = EXCLUDED.allocator_id, connected_at = now()""")
                .param("machine", machineId).param("id", id).update();
    }

    /** The machine's control WebSocket here closed; a newer one on another allocator keeps its own row. */
    void disconnectedHere(long machineId) {
        here.remove(machineId);
        if (stopped) {
            return; // shutting down: this allocator's rows went with it (onStop), or go stale with it
        }
        try {
            jdbc.sql("DELETE FROM machine_tunnels WHERE machine_id = :machine AND allocator_id = :id")
                    .param("machine", machineId).param("id", id).update();
        } catch (RuntimeException e) {
            log.warn("could not clear machine {}'s tunnel row ({}); it goes stale with this allocator's", machineId, e.getMessage());
        }
    }

    /** The live allocator, other than this one, that holds the machine's tunnel; empty when none does. */
    Optional<Remote> elsewhere(long machineId) {
        return jdbc.sql("""
                        SELECT a.id, a.internal_url, a.host FROM machine_tunnels t JOIN allocators a ON a.id = t.allocator_id
                        WHERE t.machine_id = :machine AND a.id <> :id AND a.seen_at > now() - make_interval(secs => :secs)""")
                .param("machine", machineId).param("id", id).param("secs", LIVE_FOR.toSeconds())
                .query((row, n) -> new Remote(row.getObject(1, UUID.class), row.getString(2), row.getString(3)))
                .optional();
    }

    /** Gone for good: this allocator's rows go, so no other allocator waits for their staleness. */
    @Override
    protected void onStop() {
        stopped = true;
        try {
            jdbc.sql("DELETE FROM allocators WHERE id = :id").param("id", id).update();
        } catch (RuntimeException e) {
            // the database went first; the rows go stale in LIVE_FOR
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
