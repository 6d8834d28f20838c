package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.FreeSpace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Writes a file whole or not at all: under the hidden temporary name {@code .NAME.tmp} beside it,
 * synced, then renamed onto its name. On the local disk through java.nio, because Hadoop's local
 * file system without its native library forks {@code chmod} for every file and directory it
 * creates; elsewhere (HDFS) through Hadoop.
 */
abstract class AtomicFiles {

    /** What is written into the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static AtomicFiles of(FileSystem fs) {
        return AtomicFiles.isPlainLocal(fs) ? new Local((RawLocalFileSystem) fs) : new Hadoop(fs);
    }

    /** True for the plain local file system, written through java.nio; a subclass may intercept calls, so not it. */
    static boolean isPlainLocal(FileSystem fs) {
        return fs.getClass() == RawLocalFileSystem.class;
    }

    static Path temporaryOf(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".tmp");
    }

    /** Writes {@code target} with {@code content}, replacing a file of that name (the same batch's state written again). */
    abstract void write(Path target, Content content) throws IOException;

    /** Makes {@code directory} and its parents where missing. */
    abstract void mkdirs(Path directory) throws IOException;

    private static final class Local extends AtomicFiles {
        private final RawLocalFileSystem fs;

        Local(RawLocalFileSystem fs) {
            this.fs = fs;
        }

        @Override
        void write(Path target, Content content) throws IOException {
            java.nio.file.Path file = fs.pathToFile(target).toPath();
            java.nio.file.Path temporary = fs.pathToFile(temporaryOf(target)).toPath();
            java.nio.file.Path parent = file.getParent();
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                // half a file is never taken for good, and gives its space back
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException notDeleted) {
                    e.addSuppressed(notDeleted);
                }
                throw FreeSpace.failedWrite(fs, target, e);
            }
            // rename(2) replaces the target atomically: a reader sees the old file or the new one
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
                directory.force(true); // the rename itself survives a power cut
            }
        }

        @Override
        void mkdirs(Path directory) throws IOException {
            Files.createDirectories(fs.pathToFile(directory).toPath());
        }
    }

    private static final class Hadoop extends AtomicFiles {
        private final FileSystem fs;

        Hadoop(FileSystem fs) {
            this.fs = fs;
        }

        @Override
        void write(Path target, Content content) throws IOException {
            Path temporary = temporaryOf(target);
            try (FSDataOutputStream out = fs.create(temporary, true)) {
                content.writeTo(out);
                out.hsync();
            } catch (IOException e) {
                // half a file is never taken for good, and gives its space back
                try {
                    fs.delete(temporary, false);
                } catch (IOException notDeleted) {
                    e.addSuppressed(notDeleted);
                }
                throw FreeSpace.failedWrite(fs, target, e);
            }
            if (fs.exists(target)) {
                fs.delete(target, false); // HDFS renames onto no existing file
            }
            if (!fs.rename(temporary, target)) {
                throw new IOException("cannot rename " + temporary + " to " + target);
            }
        }

        @Override
        void mkdirs(Path directory) throws IOException {
            fs.mkdirs(directory);
        }
    }
}
