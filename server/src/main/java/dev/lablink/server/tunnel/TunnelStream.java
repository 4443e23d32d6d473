package dev.lablink.server.tunnel;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One byte stream to a port on a machine, through its agent's tunnel: what the port sends comes out
 * of {@link #input()}, what is written to {@link #output()} (and flushed) reaches the port. Blocking
 * on both sides, so a slow reader slows the writer instead of growing a buffer. Closing it closes
 * the connection to the port; the port closing ends {@link #input()}.
 */
public interface TunnelStream extends Closeable {
    InputStream input();

    OutputStream output();

    /** Bytes that went through so far, both ways, for the machine's traffic count. */
    long bytesTransferred();

    @Override
    void close();
}
