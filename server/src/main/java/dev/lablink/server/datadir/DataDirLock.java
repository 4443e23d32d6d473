package dev.lablink.server.datadir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One allocator per data dir: an OS lock on {@code <data_dir>/allocator.lock}, which holds the
 * owner's pid and port. It is taken before anything else touches the data dir (the embedded
 * PostgreSQL above all), and the kernel lets go of it when its process dies, however it dies: a
 * data dir whose lock is free belongs to nobody, so what a dead allocator left may be cleaned up.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "allocator.lock";
    private static final Pattern OWNER = Pattern.compile("pid=(\\d+) port=(-?\\d+)");

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, recording this process and the port it means to use.
     *
     * @throws DataDirInUseException when another allocator holds it
     */
    public static DataDirLock acquire(Path dataDir, int port) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            // No TRUNCATE: the file names the owner, and must stay readable until the lock is ours.
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8);
                channel.close();
                throw new DataDirInUseException(dataDir, owner(owner));
            }
            DataDirLock taken = new DataDirLock(channel, lock);
            taken.recordPort(port);
            return taken;
        } catch (IOException e) {
            closeQuietly(channel);
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new UncheckedIOException("cannot lock the data dir " + dataDir + " (" + file + "): " + why
                    + "; pass a data dir this user may write with --data-dir", e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM: an allocator started earlier in the same process
        }
    }

    private static String owner(String content) {
        Matcher m = OWNER.matcher(content);
        return m.find() ? "pid " + m.group(1) + ", port " + m.group(2) : "pid unknown";
    }

    /** Records the port the allocator bound once it is known (the config may have said 0). */
    public void recordPort(int port) {
        byte[] owner = ("pid=" + ProcessHandle.current().pid() + " port=" + port + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below lets go of it all the same
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to let go of
            }
        }
    }
}
