package dev.lablink.server.database;

/** Receives PostgreSQL NOTIFY messages of one channel, from this allocator or any other on the database. */
public interface ChannelListener {
    String channel();

    void notified(String payload);

    /** The LISTEN connection was lost and is back: notifications may have been missed. */
    void missed();
}
