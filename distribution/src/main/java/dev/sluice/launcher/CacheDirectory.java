package dev.sluice.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The framework's storage. The shared one ({@code data/felix-cache}) is cleaned whenever
 * {@code bundle/} changed ({@link ReusedCache}), so a second container started from the same home
 * (say {@code sluice exec} beside {@code sluice run}) must not use it: while it is locked, a private
 * directory beside it is used and deleted at the end.
 */
final class CacheDirectory implements AutoCloseable {

    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;
    private boolean closed;

    private CacheDirectory(Path path, FileChannel lockFile, FileLock lock) {
        this.path = path;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static CacheDirectory claim(Path shared) throws IOException {
        Path parent = shared.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FileChannel channel = FileChannel.open(parent.resolve(shared.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock != null) {
            return new CacheDirectory(shared, channel, lock);
        }
        channel.close();
        return new CacheDirectory(Files.createTempDirectory(parent, shared.getFileName() + "-"), null, null);
    }

    Path path() {
        return path;
    }

    boolean isShared() {
        return lock != null;
    }

    /** Releases the shared directory, or deletes the private one; safe to call more than once, from any thread. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (lock != null) {
            lock.release();
            lockFile.close();
        } else {
            deleteTree(path);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
