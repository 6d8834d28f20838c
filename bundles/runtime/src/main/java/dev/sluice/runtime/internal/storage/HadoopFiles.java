package dev.sluice.runtime.internal.storage;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The runtime's calls into Hadoop, each with the Hadoop bundle's class loader as the thread's
 * context class loader: Hadoop finds its file systems through it and caches what it found, so a
 * call from a thread with another loader could break every later one.
 */
public final class HadoopFiles {

    private static final ClassLoader HADOOP_LOADER = Configuration.class.getClassLoader();

    /** A call into Hadoop. */
    @FunctionalInterface
    public interface HadoopCall<T> {
        T call() throws IOException;
    }

    private HadoopFiles() {
    }

    public static <T> T call(HadoopCall<T> call) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HADOOP_LOADER);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Closes a file system {@link #open} gave; a failure is only logged, {@code of} naming what it served. */
    public static void close(FileSystem fs, Object of) {
        try {
            call(() -> {
                fs.close();
                return null;
            });
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(HadoopFiles.class)
                    .warn("Cannot close the file system of {}: {}", of, e.getMessage());
        }
    }

    /**
     * A file system of its own for {@code directory} (a path or URI; {@code file:} when it has no
     * scheme). On the local disk, the raw one: the logs keep their own checksums, so no {@code .crc}
     * files beside them.
     */
    public static FileSystem open(String directory) throws IOException {
        return call(() -> {
            var conf = new Configuration();
            conf.setClassLoader(HADOOP_LOADER);
            URI uri = new Path(directory).toUri();
            FileSystem fs = FileSystem.newInstance(uri.getScheme() == null ? new Path("file:///").toUri() : uri, conf);
            return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
        });
    }
}
