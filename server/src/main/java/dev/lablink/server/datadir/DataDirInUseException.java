package dev.lablink.server.datadir;

import java.nio.file.Path;

/** Another live allocator holds the data dir; its message is the one line the user sees. */
public final class DataDirInUseException extends RuntimeException {
    DataDirInUseException(Path dataDir, String owner) {
        super("another allocator (" + owner + ") uses this data dir (" + dataDir + "); stop it or pass --data-dir");
    }
}
