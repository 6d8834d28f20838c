package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.FreeSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A new file that is appended to and synced, as a write-ahead log is. On the local disk through
 * java.nio, as {@link AtomicFiles} does, since Hadoop's local file system without its native
 * library forks {@code chmod} for every file and directory it creates; elsewhere (HDFS) through Hadoop.
 */
abstract class LogFile implements AutoCloseable {

    /** Creates {@code file} (and its directory where missing); an existing file of that name is an error. */
    static LogFile create(FileSystem fs, Path file) throws IOException {
        return AtomicFiles.isPlainLocal(fs) ? new Local(((RawLocalFileSystem) fs).pathToFile(file).toPath())
                : new Hadoop(fs, file);
    }

    /** Where the next byte goes. */
    abstract long position() throws IOException;

    abstract void write(byte[] bytes) throws IOException;

    /** Returns once everything written is on durable storage. */
    abstract void sync() throws IOException;

    @Override
    public abstract void close() throws IOException;

    private static final class Local extends LogFile {
        private final FileChannel channel;

        Local(java.nio.file.Path file) throws IOException {
            java.nio.file.Path parent = file.getParent();
            Files.createDirectories(parent);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
                directory.force(true); // the new file's name survives a power cut
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        long position() throws IOException {
            return channel.position();
        }

        @Override
        void write(byte[] bytes) throws IOException {
            var buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        void sync() throws IOException {
            channel.force(false); // the data and the length that reaches it
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class Hadoop extends LogFile {
        private final FSDataOutputStream out;

        Hadoop(FileSystem fs, Path file) throws IOException {
            fs.mkdirs(file.getParent());
            out = fs.create(file, false);
        }

        @Override
        long position() {
            return out.getPos();
        }

        @Override
        void write(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        @Override
        void sync() throws IOException {
            out.hsync();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
