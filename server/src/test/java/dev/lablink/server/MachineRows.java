package dev.lablink.server;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.machines.MachineChangeChannel;
import dev.lablink.server.provisioning.MachineTokens;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data: a machine row as the allocator holds it, with no process behind it, e.g.
 * {@code allocator.machine().named("slow-boot").state(BOOTING).changedAgo(Duration.ofSeconds(11)).insert()}.
 * Defaults: a READY machine {@code seat-N} of provider {@code test}.
 */
public final class MachineRows {
    private final JdbcClient jdbc;
    private String name;
    private String provider = "test";
    private String providerId = "none";
    private MachineState state = MachineState.READY;
    private Duration changedAgo = Duration.ZERO;

    MachineRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public MachineRows named(String name) {
        this.name = name;
        return this;
    }

    public MachineRows provider(String provider, String providerId) {
        this.provider = provider;
        this.providerId = providerId;
        return this;
    }

    public MachineRows state(MachineState state) {
        this.state = state;
        return this;
    }

    /** Its state changed this long ago (for timeouts). */
    public MachineRows changedAgo(Duration ago) {
        this.changedAgo = ago;
        return this;
    }

    /** Inserts the row and notifies, as the allocator does for a change; returns the machine's token. */
    public String insert() {
        String token = MachineTokens.newToken();
        jdbc.sql("""
                WITH inserted AS (
                    INSERT INTO machines (name, provider, provider_id, state, token_hash, state_changed_at)
                    VALUES (COALESCE(:name, 'seat-' || nextval('machine_number_seq')), :provider, :providerId, :state, :hash,
                            now() - make_interval(secs => :agoSeconds))
                    RETURNING id
                )
                SELECT pg_notify(:channel, id::text) FROM inserted
                """)
                .param("name", name).param("provider", provider).param("providerId", providerId).param("state", state.name())
                .param("hash", MachineTokens.hash(token)).param("agoSeconds", (double) changedAgo.toSeconds())
                .param("channel", MachineChangeChannel.CHANNEL)
                .query().singleRow();
        return token;
    }
}
