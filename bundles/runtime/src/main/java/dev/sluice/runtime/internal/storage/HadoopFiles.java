package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.HadoopCalls;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.LoggerFactory;

/** The file systems the checkpoint directory and the write-ahead logs live on; every call through {@link HadoopCalls}. */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    /** Closes a file system {@link #open} gave; a failure is only logged, {@code of} naming what it served. */
    public static void close(FileSystem fs, Object of) {
        try {
            HadoopCalls.run(fs::close);
        } catch (IOException e) {
            LoggerFactory.getLogger(HadoopFiles.class).warn("Cannot close the file system of {}: {}", of, e.getMessage());
        }
    }

    /**
     * A file system of its own for {@code directory} (a path or URI; {@code file:} when it has no
     * scheme). On the local disk, the raw one: the logs keep their own checksums, so no {@code .crc}
     * files beside them.
     */
    public static FileSystem open(String directory) throws IOException {
        return fileSystem(directory, false);
    }

    /**
     * The file system of {@code directory} that Hadoop caches for the process, never closed: for
     * files that outlive a run (a live upgrade hands its sources on with what they were given). On
     * the local disk, the raw one.
     */
    public static FileSystem shared(String directory) throws IOException {
        return fileSystem(directory, true);
    }

    private static FileSystem fileSystem(String directory, boolean cached) throws IOException {
        return HadoopCalls.call(() -> {
            // Hadoop would close it when the JVM begins to exit, before a SIGTERM's graceful stop
            // has written its final checkpoint and released the lease: Sluice closes its own
            var conf = HadoopCalls.configuration(Map.of(CommonConfigurationKeysPublic.FS_AUTOMATIC_CLOSE_KEY, "false"),
                    HadoopCalls.LOADER);
            URI path = new Path(directory).toUri();
            URI uri = path.getScheme() == null ? new Path("file:///").toUri() : path;
            FileSystem fs = cached ? FileSystem.get(uri, conf) : FileSystem.newInstance(uri, conf);
            return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
        });
    }
}
