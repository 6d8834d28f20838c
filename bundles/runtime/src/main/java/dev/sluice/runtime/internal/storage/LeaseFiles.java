package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.HadoopCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The lease file of a checkpoint directory: created only where there is none, whole or not at
 * all; on the local disk through java.nio (a hard link from a complete temporary file), elsewhere
 * through Hadoop (HDFS renames onto no existing file).
 */
abstract class LeaseFiles {

    /** A lease as read: its content and the modification time its holder renews. */
    record Lease(String content, long modified) {
    }

    static LeaseFiles of(FileSystem fs, Path root) {
        if (fs instanceof RawLocalFileSystem local) {
            return new Local(local.pathToFile(root).toPath());
        }
        return new Hadoop(fs, root);
    }

    abstract String directory();

    /** Creates the lease with {@code content} unless there is one; false if there is. */
    abstract boolean create(String content) throws IOException;

    abstract Optional<Lease> read() throws IOException;

    /** Renews: the lease's modification time becomes now. */
    abstract void touch() throws IOException;

    abstract void delete() throws IOException;

    /** Deletes the lease if it is still {@code seen}; false if it changed or went meanwhile. */
    boolean deleteIfUnchanged(Lease seen) throws IOException {
        if (!read().filter(seen::equals).isPresent()) {
            return false;
        }
        delete();
        return true;
    }

    String describe() {
        return directory() + "/" + CheckpointLease.FILE;
    }

    private static final class Local extends LeaseFiles {
        private final java.nio.file.Path dir;
        private final java.nio.file.Path file;

        Local(java.nio.file.Path dir) {
            this.dir = dir;
            this.file = dir.resolve(CheckpointLease.FILE);
        }

        @Override
        String directory() {
            return dir.toString();
        }

        @Override
        boolean create(String content) throws IOException {
            java.nio.file.Path temporary = dir.resolve("." + CheckpointLease.FILE + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            try {
                Files.createLink(file, temporary);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temporary);
            }
        }

        @Override
        Optional<Lease> read() throws IOException {
            try {
                long modified = Files.getLastModifiedTime(file).toMillis();
                return Optional.of(new Lease(Files.readString(file, StandardCharsets.UTF_8), modified));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        void touch() throws IOException {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        }

        @Override
        void delete() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    private static final class Hadoop extends LeaseFiles {
        private final FileSystem fs;
        private final Path root;
        private final Path file;

        Hadoop(FileSystem fs, Path root) {
            this.fs = fs;
            this.root = root;
            this.file = new Path(root, CheckpointLease.FILE);
        }

        @Override
        String directory() {
            return root.toString();
        }

        @Override
        boolean create(String content) throws IOException {
            Path temporary = new Path(root, "." + CheckpointLease.FILE + "." + UUID.randomUUID() + ".tmp");
            return HadoopCalls.call(() -> {
                try (FSDataOutputStream out = fs.create(temporary, false)) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                    out.hsync();
                }
                try {
                    return fs.rename(temporary, file); // false where a lease is: HDFS never renames onto a file
                } finally {
                    fs.delete(temporary, false);
                }
            });
        }

        @Override
        Optional<Lease> read() throws IOException {
            return HadoopCalls.call(() -> {
                try {
                    long modified = fs.getFileStatus(file).getModificationTime();
                    try (var in = fs.open(file)) {
                        return Optional.of(new Lease(new String(in.readAllBytes(), StandardCharsets.UTF_8), modified));
                    }
                } catch (java.io.FileNotFoundException e) {
                    return Optional.empty();
                }
            });
        }

        @Override
        void touch() throws IOException {
            HadoopCalls.run(() -> fs.setTimes(file, System.currentTimeMillis(), -1));
        }

        @Override
        void delete() throws IOException {
            HadoopCalls.call(() -> fs.delete(file, false));
        }
    }
}
