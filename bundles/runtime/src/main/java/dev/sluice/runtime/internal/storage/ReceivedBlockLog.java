package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.FreeSpace;
import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.SluiceException;
import dev.sluice.runtime.internal.time.Clock;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver's write-ahead log: each block is appended, and synced to the file system, before
 * its {@code store} returns, so received data survives a crash of the process. Files roll every
 * {@code rollMillis} ({@code log-START_MS}); a rolled file is deleted as soon as every block in it
 * has been released, which keeps the log directory bounded.
 *
 * <p>Format: the magic {@code SLW} and a version byte, then one record per block: its length
 * (int), the CRC-32 of its bytes (int), and the bytes (a serialized block of records).
 */
public final class ReceivedBlockLog implements BlockLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedBlockLog.class);
    private static final byte[] MAGIC = {'S', 'L', 'W', 1};

    private final FileSystem fs;
    private final Path directory;
    private final long rollMillis;
    private final Clock clock;
    /** Blocks not yet released, per file. */
    private final Map<String, Integer> live = new HashMap<>();
    private LogFile out;
    private String currentFile;
    private long rollAt;
    private long lastStart = Long.MIN_VALUE;

    public ReceivedBlockLog(FileSystem fs, Path directory, long rollMillis, Clock clock) {
        this.fs = fs;
        this.directory = directory;
        this.rollMillis = rollMillis;
        this.clock = clock;
    }

    /** Appends a block and syncs it; when this returns the block is on durable storage. */
    @Override
    public synchronized LogSegment append(byte[] block) throws IOException {
        return HadoopCalls.call(() -> {
            long now = clock.millis();
            if (out == null || now >= rollAt) {
                roll(now);
            }
            long offset = out.position();
            var crc = new CRC32();
            crc.update(block);
            try {
                out.write(ByteBuffer.allocate(8).putInt(block.length).putInt((int) crc.getValue()).array());
                out.write(block);
                out.sync();
            } catch (IOException e) {
                // a block half appended ends its file: recovery reads each file up to its first torn block
                Path file = new Path(currentFile);
                abandonCurrent(e);
                throw FreeSpace.failedWrite(fs, file, e);
            }
            live.merge(currentFile, 1, Integer::sum);
            return new LogSegment(currentFile, offset, block.length);
        });
    }

    private void roll(long now) throws IOException {
        closeCurrent();
        // a file abandoned after a failed append may have this millisecond's name
        long start = Math.max(now, lastStart + 1);
        Path file = new Path(directory, "log-" + start);
        LogFile created;
        try {
            created = LogFile.create(fs, file);
        } catch (IOException e) {
            throw FreeSpace.failedWrite(fs, file, e);
        }
        currentFile = file.toString();
        live.putIfAbsent(currentFile, 0);
        lastStart = start;
        out = created;
        try {
            out.write(MAGIC);
        } catch (IOException e) {
            abandonCurrent(e);
            throw FreeSpace.failedWrite(fs, file, e);
        }
        rollAt = now + rollMillis;
    }

    private void abandonCurrent(IOException failure) {
        try {
            closeCurrent();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        out = null;
        currentFile = null;
    }

    private void closeCurrent() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            String closed = currentFile;
            currentFile = null;
            deleteIfDone(closed);
        }
    }

    /** The block at {@code segment} is no longer needed (its batch is done). */
    @Override
    public synchronized void release(LogSegment segment) {
        live.computeIfPresent(segment.file(), (f, n) -> n - 1);
        if (!segment.file().equals(currentFile)) {
            deleteIfDone(segment.file());
        }
    }

    private void deleteIfDone(String file) {
        Integer n = live.get(file);
        if (n != null && n <= 0) {
            live.remove(file);
            try {
                HadoopCalls.call(() -> fs.delete(new Path(file), false));
            } catch (IOException e) {
                LOG.warn("Cannot delete the write-ahead log file {}: {}", file, e.getMessage());
            }
        }
    }

    /** Reads the block at {@code segment} back, checking its length and checksum. */
    @Override
    public byte[] read(LogSegment segment) throws IOException {
        return HadoopCalls.call(() -> {
            try (FSDataInputStream in = fs.open(new Path(segment.file()))) {
                in.seek(segment.offset());
                var data = new DataInputStream(in);
                int length = data.readInt();
                int expected = data.readInt();
                if (length != segment.length()) {
                    throw new SluiceException("write-ahead log " + segment.file() + " is corrupt at offset "
                            + segment.offset() + ": a block of " + length + " bytes where " + segment.length()
                            + " were written");
                }
                byte[] block = new byte[length];
                data.readFully(block);
                var crc = new CRC32();
                crc.update(block);
                if ((int) crc.getValue() != expected) {
                    throw new SluiceException("write-ahead log " + segment.file() + " is corrupt at offset "
                            + segment.offset() + ": checksum mismatch");
                }
                return block;
            }
        });
    }

    @Override
    public List<LogSegment> recover() throws IOException {
        return HadoopCalls.call(() -> {
            var segments = new ArrayList<LogSegment>();
            if (!fs.exists(directory)) {
                return segments;
            }
            List<Path> files = Arrays.stream(fs.listStatus(directory)).map(s -> s.getPath())
                    .filter(p -> startOf(p) >= 0).sorted(Comparator.comparingLong(ReceivedBlockLog::startOf)).toList();
            for (Path file : files) {
                scan(file, segments);
            }
            return segments;
        });
    }

    private void scan(Path file, List<LogSegment> segments) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                LOG.warn("{} is not a write-ahead log of this version; skipped", file);
                return;
            }
            while (true) {
                long offset = in.getPos();
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                try {
                    int expected = in.readInt();
                    if (length < 0) {
                        throw new EOFException("negative length");
                    }
                    byte[] block = new byte[length];
                    in.readFully(block);
                    var crc = new CRC32();
                    crc.update(block);
                    if ((int) crc.getValue() != expected) {
                        throw new EOFException("checksum mismatch");
                    }
                } catch (EOFException torn) {
                    LOG.warn("Write-ahead log {} ends in a block torn at offset {} ({}): it was never acknowledged,"
                            + " and is skipped", file, offset, torn.getMessage());
                    return;
                }
                segments.add(new LogSegment(file.toString(), offset, length));
            }
        }
    }

    private static long startOf(Path file) {
        String name = file.getName();
        if (!name.startsWith("log-")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Orders segments as they were written: by the start time in their file's name, then by offset. */
    public static final Comparator<LogSegment> WRITE_ORDER = Comparator
            .<LogSegment>comparingLong(s -> startOf(new Path(s.file()))).thenComparingLong(LogSegment::offset);

    @Override
    public void deleteFiles(Collection<String> files) {
        for (String file : files) {
            try {
                HadoopCalls.call(() -> fs.delete(new Path(file), false));
            } catch (IOException e) {
                LOG.warn("Cannot delete the write-ahead log file {}: {}", file, e.getMessage());
            }
        }
    }

    /** Files of this log on the file system, for tests and status. */
    public synchronized int liveFiles() {
        return live.size();
    }

    @Override
    public synchronized void close() throws IOException {
        HadoopCalls.call(() -> {
            closeCurrent();
            return null;
        });
    }
}
