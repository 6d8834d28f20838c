package dev.sluice.runtime.internal.storage;

import dev.sluice.api.spi.KeyExchange;
import dev.sluice.hadoop.HadoopCalls;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The directory a group plugin keeps its state snapshots in ({@link KeyExchange#SNAPSHOT_FILES}),
 * written as checkpoints are: whole or not at all, through the same file systems. Members of a group
 * may share it; it takes no lease. Its file system is Hadoop's cached one, since the sources given it
 * may outlive the run that opened it (a live upgrade).
 */
public final class SnapshotDirectory implements KeyExchange.SnapshotFiles {

    private final FileSystem fs;
    private final Path root;
    private final AtomicFiles atomicFiles;

    private SnapshotDirectory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
        this.atomicFiles = AtomicFiles.of(fs);
    }

    /** Opens {@code directory}, a path or Hadoop URI ({@code file:} when it has no scheme). */
    public static SnapshotDirectory open(String directory) throws IOException {
        FileSystem fs = HadoopFiles.shared(directory);
        return new SnapshotDirectory(fs, HadoopCalls.call(() -> fs.makeQualified(new Path(directory))));
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void write(String name, Content content) throws IOException {
        HadoopCalls.run(() -> atomicFiles.write(new Path(root, name), content::writeTo));
    }

    @Override
    public InputStream read(String name) throws IOException {
        return HadoopCalls.call(() -> fs.open(new Path(root, name)));
    }

    @Override
    public List<String> list(String directory) throws IOException {
        return HadoopCalls.call(() -> {
            var names = new ArrayList<String>();
            try {
                for (FileStatus status : fs.listStatus(new Path(root, directory))) {
                    // a write under way is a hidden temporary file
                    if (status.isFile() && !status.getPath().getName().startsWith(".")) {
                        names.add(status.getPath().getName());
                    }
                }
            } catch (FileNotFoundException e) {
                return List.<String>of();
            }
            return names;
        });
    }

    @Override
    public void delete(String name) throws IOException {
        HadoopCalls.run(() -> fs.delete(new Path(root, name), false));
    }
}
