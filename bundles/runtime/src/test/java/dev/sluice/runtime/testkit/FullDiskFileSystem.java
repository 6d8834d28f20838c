package dev.sluice.runtime.testkit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk as a Hadoop file system that can be full: {@code fulldisk://DISK/local/path} is
 * {@code /local/path}, and writes through it use up the free bytes of DISK ({@link #setFree}); a
 * write past them writes what fits and fails with {@code No space left on device}, as a full disk
 * does. Found by Hadoop through {@code META-INF/services}. For tests that cannot make a really
 * full file system without root.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "fulldisk";
    private static final long CAPACITY = 1L << 30;
    private static final Map<String, AtomicLong> FREE = new ConcurrentHashMap<>();

    private static final URI NO_DISK = URI.create(SCHEME + ":///");
    /** Null while the super constructor runs, which asks for it. */
    private URI uri;

    /** The URI of {@code localPath} on the disk {@code disk}, which starts with plenty of space. */
    public static String uri(String disk, java.nio.file.Path localPath) {
        free(disk);
        return SCHEME + "://" + disk + localPath.toAbsolutePath();
    }

    /** Leaves {@code bytes} free on {@code disk}. */
    public static void setFree(String disk, long bytes) {
        free(disk).set(bytes);
    }

    private static AtomicLong free(String disk) {
        return FREE.computeIfAbsent(disk, d -> new AtomicLong(CAPACITY));
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        uri = URI.create(SCHEME + "://" + name.getAuthority() + "/");
    }

    @Override
    public URI getUri() {
        return uri == null ? NO_DISK : uri;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    private AtomicLong disk() {
        return free(uri.getAuthority());
    }

    @Override
    public FsStatus getStatus(Path p) {
        long free = disk().get();
        return new FsStatus(CAPACITY, CAPACITY - free, free);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        Files.createDirectories(pathToFile(f).toPath());
        return true;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        java.io.File file = pathToFile(f);
        if (file.exists() && !overwrite) {
            throw new FileAlreadyExistsException(f + " exists");
        }
        Files.createDirectories(file.toPath().getParent());
        return new FSDataOutputStream(new Limited(new FileOutputStream(file), disk()), statistics);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    /** Writes while the disk has free bytes, then fails as a full disk does. */
    private static final class Limited extends OutputStream implements Syncable {
        private final FileOutputStream out;
        private final AtomicLong free;

        Limited(FileOutputStream out, AtomicLong free) {
            this.out = out;
            this.free = free;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long granted = Math.min(len, Math.max(0, free.getAndUpdate(f -> Math.max(0, f - len))));
            out.write(b, off, (int) granted);
            if (granted < len) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void hflush() throws IOException {
            out.flush();
        }

        @Override
        public void hsync() throws IOException {
            out.getFD().sync();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
