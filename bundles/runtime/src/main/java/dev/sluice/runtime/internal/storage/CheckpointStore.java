package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint directory on a Hadoop file system:
 * <pre>
 * checkpoint-SEQUENCE           metadata ({@link CheckpointFormat}); the latest two are kept, and the
 *                               latest before the newest state, to fall back on
 * state/OPERATOR/TIME           an operator's state as of a batch, while a kept checkpoint refers to it
 * receivedData/INPUT/log-START  the receivers' write-ahead logs
 * owner                         the lease of the stream writing here ({@link CheckpointLease})
 * </pre>
 * Every file is written under a hidden temporary name and renamed when complete, so a reader
 * sees whole files or none; what a crash leaves half-written is deleted at the next open.
 *
 * <p>A state file: magic {@code SLST} and a version byte, then chunks of serialized records, each
 * its length (int) and bytes, then -1 (int) and the CRC-32 (int) of everything before it.
 */
public final class CheckpointStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String PREFIX = "checkpoint-";
    static final String STATE = "state";
    /** Where the receivers' write-ahead logs go, one directory per input. */
    static final String RECEIVED_DATA = "receivedData";
    private static final byte[] STATE_MAGIC = {'S', 'L', 'S', 'T', 1};
    private static final int KEEP = 2;

    /** A checkpoint file and what reading it gave: the checkpoint, or why it cannot be used. */
    public record Entry(String file, Checkpoint checkpoint, String error) {
        public boolean readable() {
            return checkpoint != null;
        }
    }

    private final FileSystem fs;
    private final Path root;
    private final AtomicFiles atomicFiles;
    /** This stream's lease of the directory; null when opened only to read. */
    private CheckpointLease lease;
    /** The size of the checkpoint file written last, for the stream's checkpoint figures. */
    private volatile long lastWrittenBytes;

    private CheckpointStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
        this.atomicFiles = AtomicFiles.of(fs);
    }

    /**
     * Opens (and creates) {@code directory}, a path or Hadoop URI, for {@code application} to write:
     * takes the directory's lease (refused while another stream holds it; {@code lost} is told if one
     * takes it over later), then deletes what an earlier crash left half-written.
     */
    public static CheckpointStore open(String directory, String application, Duration leaseTimeout,
                                       Consumer<String> lost) {
        CheckpointStore store = open(directory);
        try {
            HadoopCalls.run(() -> store.atomicFiles.mkdirs(store.root));
            store.lease = CheckpointLease.acquire(LeaseFiles.of(store.fs, store.root), application, leaseTimeout, lost);
            store.deleteTemporaries();
            return store;
        } catch (IOException e) {
            store.close();
            throw new SluiceException("cannot open the checkpoint directory " + directory + ": " + e.getMessage()
                    + "; check that it is writable, or choose another with ssc.checkpoint(directory)", e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens {@code directory} to read its checkpoints, changing nothing there (another process may be writing). */
    public static CheckpointStore openForReading(String directory) {
        return open(directory);
    }

    private static CheckpointStore open(String directory) {
        try {
            FileSystem fs = HadoopFiles.open(directory);
            Path root = HadoopCalls.call(() -> fs.makeQualified(new Path(directory)));
            return new CheckpointStore(fs, root);
        } catch (IOException e) {
            throw new SluiceException("cannot open the checkpoint directory " + directory + ": " + e.getMessage()
                    + "; check that it is writable, or choose another with ssc.checkpoint(directory)", e);
        }
    }

    /** The stream holding this directory, when opened to write. */
    public Optional<String> holder() {
        return Optional.ofNullable(lease).map(CheckpointLease::holder);
    }

    public String directory() {
        return root.toString();
    }

    /** The checkpoint files, newest first, each read or with the reason it could not be. */
    public List<Entry> list() throws IOException {
        var entries = new ArrayList<Entry>();
        for (Path file : checkpointFiles()) {
            try {
                byte[] bytes = HadoopCalls.call(() -> {
                    try (var in = fs.open(file)) {
                        return in.readAllBytes();
                    }
                });
                entries.add(new Entry(file.getName(), CheckpointFormat.decode(bytes, file.toString()), null));
            } catch (IOException | SluiceException e) {
                entries.add(new Entry(file.getName(), null, e.getMessage()));
            }
        }
        return entries;
    }

    /** The highest sequence of any checkpoint file here, readable or not; -1 when there is none. */
    public long lastSequence() throws IOException {
        List<Path> files = checkpointFiles();
        return files.isEmpty() ? -1 : sequence(files.get(0));
    }

    /**
     * Writes {@code checkpoint} atomically, then deletes older checkpoints and the state only they
     * referred to; returns the earliest batch a kept checkpoint replays from.
     */
    public Time write(Checkpoint checkpoint) throws IOException {
        checkOwned();
        byte[] bytes = CheckpointFormat.encode(checkpoint);
        Path target = new Path(root, fileName(checkpoint.sequence()));
        Time keptFrom = HadoopCalls.call(() -> {
            writeAtomically(target, out -> out.write(bytes));
            return prune();
        });
        lastWrittenBytes = bytes.length;
        return keptFrom;
    }

    /** The size in bytes of the checkpoint file {@link #write} wrote last. */
    public long lastWrittenBytes() {
        return lastWrittenBytes;
    }

    /** The name of the checkpoint file of {@code sequence}. */
    public static String fileName(long sequence) {
        return PREFIX + String.format("%012d", sequence);
    }

    /** Writes one operator's state as of {@code time}; returns its file, relative to the directory. */
    public String writeState(String operator, Time time, List<byte[]> chunks) throws IOException {
        checkOwned();
        String relative = STATE + "/" + FileNames.encode(operator) + "/" + time.millis();
        HadoopCalls.call(() -> {
            writeAtomically(new Path(root, relative), out -> {
                var checked = new CheckedOutputStream(out, new CRC32());
                var data = new DataOutputStream(checked);
                data.write(STATE_MAGIC);
                for (byte[] chunk : chunks) {
                    data.writeInt(chunk.length);
                    data.write(chunk);
                }
                data.writeInt(-1);
                data.flush();
                new DataOutputStream(out).writeInt((int) checked.getChecksum().getValue());
            });
            return null;
        });
        return relative;
    }

    /** Hands each chunk of a state file to {@code chunk}, then checks the file's checksum. */
    public void readState(String relative, Consumer<byte[]> chunk) throws IOException {
        Path file = new Path(root, relative);
        HadoopCalls.call(() -> {
            try (var raw = fs.open(file)) {
                var checked = new CheckedInputStream(raw, new CRC32());
                var in = new DataInputStream(checked);
                byte[] magic = in.readNBytes(STATE_MAGIC.length);
                if (!Arrays.equals(magic, STATE_MAGIC)) {
                    throw new SluiceException(file + " is not a Sluice state file of version " + STATE_MAGIC[4]);
                }
                var chunks = new ArrayList<byte[]>();
                for (int length = in.readInt(); length >= 0; length = in.readInt()) {
                    byte[] bytes = new byte[length];
                    in.readFully(bytes);
                    chunks.add(bytes);
                }
                int expected = (int) checked.getChecksum().getValue();
                if (raw.readInt() != expected) {
                    throw new SluiceException(file + " is corrupt: checksum mismatch");
                }
                chunks.forEach(chunk);
            } catch (EOFException e) {
                throw new SluiceException(file + " is truncated", e);
            }
            return null;
        });
    }

    /** Deletes every checkpoint, state file and write-ahead log: the application starts afresh. */
    public void deleteAll() throws IOException {
        checkOwned();
        HadoopCalls.call(() -> {
            for (Path file : checkpointFiles()) {
                fs.delete(file, false);
            }
            fs.delete(new Path(root, STATE), true);
            fs.delete(new Path(root, RECEIVED_DATA), true);
            return null;
        });
    }

    private void writeAtomically(Path target, AtomicFiles.Content content) throws IOException {
        atomicFiles.write(target, content);
    }

    /**
     * Keeps the latest two checkpoints, and the latest one before the newest state was written
     * (so that a state file that turns out unreadable has an older one to fall back on), with the
     * state files they refer to; deletes the rest. Returns the earliest batch a kept checkpoint
     * replays from: what only earlier batches need may go.
     */
    private Time prune() throws IOException {
        List<Path> files = checkpointFiles();
        Set<String> referenced = new HashSet<>();
        Set<String> newestStates = null;
        boolean olderStateKept = false;
        Time horizon = null;
        int kept = 0;
        for (Path file : files) {
            Checkpoint c = null;
            try (var in = fs.open(file)) {
                c = CheckpointFormat.decode(in.readAllBytes(), file.toString());
            } catch (SluiceException e) {
                LOG.warn("Checkpoint {} cannot be read: {}", file, e.getMessage());
            }
            Set<String> states = c == null ? Set.of() : new HashSet<>(c.states().stream().map(Checkpoint.StateRef::file).toList());
            if (newestStates == null) {
                newestStates = states;
            }
            boolean olderState = c != null && !states.equals(newestStates);
            if (kept < KEEP || olderState && !olderStateKept) {
                kept++;
                olderStateKept |= olderState;
                referenced.addAll(states);
                if (c != null && (horizon == null || c.replayFrom().isBefore(horizon))) {
                    horizon = c.replayFrom();
                }
            } else {
                fs.delete(file, false);
            }
        }
        Path state = new Path(root, STATE);
        if (fs.exists(state)) {
            for (FileStatus operator : fs.listStatus(state)) {
                for (FileStatus file : fs.listStatus(operator.getPath())) {
                    String relative = STATE + "/" + operator.getPath().getName() + "/" + file.getPath().getName();
                    if (!referenced.contains(relative) && !file.getPath().getName().startsWith(".")) {
                        fs.delete(file.getPath(), false);
                    }
                }
            }
        }
        return horizon == null ? new Time(Long.MIN_VALUE) : horizon;
    }

    private void deleteTemporaries() throws IOException {
        HadoopCalls.call(() -> {
            deleteTemporaries(List.of(fs.listStatus(root)));
            Path state = new Path(root, STATE);
            if (fs.exists(state)) {
                for (FileStatus operator : fs.listStatus(state)) {
                    deleteTemporaries(List.of(fs.listStatus(operator.getPath())));
                }
            }
            return null;
        });
    }

    private void deleteTemporaries(Collection<FileStatus> files) throws IOException {
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            // a lease being created by another start is its own: it deletes it
            if (f.isFile() && name.startsWith(".") && name.endsWith(".tmp")
                    && !name.startsWith("." + CheckpointLease.FILE + ".")) {
                LOG.info("Deleting {}, left half-written by an earlier run", f.getPath());
                fs.delete(f.getPath(), false);
            }
        }
    }

    /** The checkpoint files, highest sequence first. */
    private List<Path> checkpointFiles() throws IOException {
        return HadoopCalls.call(() -> !fs.exists(root) ? List.<Path>of() : Arrays.stream(fs.listStatus(root))
                .map(FileStatus::getPath)
                .filter(p -> p.getName().startsWith(PREFIX) && sequence(p) >= 0)
                .sorted(Comparator.comparingLong(CheckpointStore::sequence).reversed())
                .toList());
    }

    private static long sequence(Path file) {
        try {
            return Long.parseLong(file.getName().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writing needs the lease: after another stream took the directory over, nothing more is written. */
    private void checkOwned() throws IOException {
        if (lease == null || !lease.held()) {
            throw new IOException("this stream does not hold the lease of " + root + " (" + CheckpointLease.FILE
                    + "); another stream writes there");
        }
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
        HadoopFiles.close(fs, root);
    }
}
