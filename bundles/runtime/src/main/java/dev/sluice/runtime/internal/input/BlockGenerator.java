package dev.sluice.runtime.internal.input;

import dev.sluice.api.SluiceException;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.serial.LineText;
import dev.sluice.runtime.internal.storage.BlockLog;
import dev.sluice.runtime.internal.storage.LogSegment;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.sluice.runtime.internal.block.Block;
import dev.sluice.runtime.internal.block.BlockId;
import dev.sluice.runtime.internal.block.BlockStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Buffers one receiver's records and cuts them into blocks: every block interval, and whenever a
 * batch is generated, so that everything stored before batch time t is in batch t or earlier.
 * Blocks are stored at the receiver's storage level outside the buffer's lock, so a receiver
 * storing single records never waits for a block to be serialized. Lines stored as bytes go to a
 * {@link LineBuffer} instead, whose block is their bytes as they arrived; the buffer in use is
 * either kind, never both, so records stay in the order they were stored.
 */
final class BlockGenerator<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BlockGenerator.class);

    private final int streamId;
    private final BlockStore store;
    private final StorageLevel level;
    /** The write-ahead log, when blocks must survive a crash; null otherwise. */
    private final BlockLog log;
    private final RecordCodec codec;
    private final ConcurrentLinkedQueue<Block> unallocated = new ConcurrentLinkedQueue<>();
    /** Held while a block is cut and stored, so blocks are stored and queued in sequence order. */
    private final Object cutLock = new Object();
    private ArrayList<T> current = new ArrayList<>();
    private LineBuffer lines = new LineBuffer();
    /** The other line buffer, swapped in at a cut; null while a cut copies it into a block. */
    private LineBuffer spareLines = new LineBuffer();
    private long nextSequence;
    private final AtomicBoolean warnedNotSerializable = new AtomicBoolean();

    BlockGenerator(int streamId, BlockStore store, StorageLevel level, BlockLog log, RecordCodec codec) {
        this.streamId = streamId;
        this.store = store;
        this.level = level;
        this.log = log;
        this.codec = codec;
    }

    @SuppressWarnings("unchecked")
    synchronized void add(T record) {
        if (!lines.isEmpty()) {
            // a receiver that mixes both: the lines before this record go first, as strings
            current.addAll((List<T>) (List<?>) lines.toStrings());
            lines.clear();
        }
        current.add(record);
    }

    /** Adds the {@code count} complete lines of {@code text[from, to)}; see {@code ReceiverContext.storeLines}. */
    @SuppressWarnings("unchecked")
    synchronized void addLines(byte[] text, int from, int to, int count) {
        if (count == 0) {
            return;
        }
        if (current.isEmpty()) {
            lines.append(text, from, to, count);
        } else {
            current.addAll((List<T>) (List<?>) LineText.read(text, from, to, count));
        }
    }

    /** Whether records are buffered or blocks stored that no batch has taken yet. */
    synchronized boolean hasData() {
        return !current.isEmpty() || !lines.isEmpty() || !unallocated.isEmpty();
    }

    /** Turns the records buffered so far into a stored block. */
    void cut() {
        synchronized (cutLock) {
            cutBuffered(level);
        }
    }

    /**
     * Stores {@code records} as a block of their own, after what was buffered before them, and
     * returns once it is stored at the storage level.
     */
    void storeBlock(List<? extends T> records) {
        if (records.isEmpty()) {
            return;
        }
        synchronized (cutLock) {
            cutBuffered(level);
            // the receiver may reuse its list once this returns
            put(nextId(), new ArrayList<>(records), level, true);
        }
    }

    private void cutBuffered(StorageLevel storeAt) {
        List<T> records = null;
        LineBuffer taken = null;
        BlockId id;
        synchronized (this) {
            if (!lines.isEmpty()) {
                taken = lines;
                lines = spareLines;
                spareLines = null;
            } else if (!current.isEmpty()) {
                records = current;
                current = new ArrayList<>(Math.max(16, records.size()));
            } else {
                return;
            }
            id = BlockId.input(streamId, nextSequence++);
        }
        if (taken != null) {
            // copied outside the lock: the receiver goes on into the other buffer meanwhile
            byte[] block;
            int count = taken.lines();
            try {
                block = taken.toBlock();
            } finally {
                taken.clear();
                synchronized (this) {
                    spareLines = taken;
                }
            }
            putLines(id, block, count);
        } else {
            put(id, records, storeAt, false);
        }
    }

    /**
     * A block of lines kept as their bytes: logged as they are when it must be durable, then stored at
     * the stream's level (it is serialized already, so even the block a batch takes at once stays bytes).
     */
    private void putLines(BlockId id, byte[] block, int count) {
        Optional<LogSegment> logged = Optional.empty();
        if (log != null) {
            try {
                logged = Optional.of(log.append(block));
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot write block {} of {} lines to the write-ahead log: {}; it is processed, but would be"
                        + " lost if the process crashed before its batch", id, count, e.getMessage(), e);
            }
        }
        store.putSerialized(id, block, level);
        unallocated.add(new Block(id, count, logged));
    }

    private synchronized BlockId nextId() {
        return BlockId.input(streamId, nextSequence++);
    }

    /**
     * Logs the block first when it must be durable, then stores it. Records stored one by one were
     * accepted already: if the log fails they are kept anyway, only not durable, and the error is
     * logged. A list stored as a block is refused instead, so its receiver does not acknowledge it.
     */
    private void put(BlockId id, List<?> records, StorageLevel storeAt, boolean refuseIfNotLogged) {
        Optional<LogSegment> logged = Optional.empty();
        byte[] serialized = null;
        if (log != null) {
            try {
                serialized = codec.encode(records);
                logged = Optional.of(log.append(serialized));
            } catch (IOException | RuntimeException e) {
                String problem = "cannot write block " + id + " of " + records.size() + " records to the write-ahead log: "
                        + e.getMessage();
                if (refuseIfNotLogged) {
                    throw new SluiceException(problem + "; it was not stored, so do not acknowledge it", e);
                }
                LOG.error("{}; it is processed, but would be lost if the process crashed before its batch", problem, e);
            }
        }
        try {
            store.put(id, records, serialized, storeAt);
        } catch (SluiceException e) {
            // e.g. a record type that is not registered: keep the accepted records as objects
            if (warnedNotSerializable.compareAndSet(false, true)) {
                LOG.error("Received blocks of stream {} cannot be kept at {}: {}. They are kept as objects in memory"
                        + " instead. Warned once.", streamId, storeAt, e.getMessage());
            }
            store.put(id, records, StorageLevel.MEMORY_ONLY);
        }
        unallocated.add(new Block(id, records.size(), logged));
    }

    /**
     * Cuts the current buffer and hands over every block not yet given to a batch. The block cut
     * here is read by this batch at once: it is kept as objects, since serializing it would only
     * delay the batch (this runs on the scheduler's thread); a durable level still logs it first.
     */
    List<Block> allocate() {
        synchronized (cutLock) {
            cutBuffered(level.replication() > 1 || !level.useMemory() ? level : StorageLevel.MEMORY_ONLY);
        }
        var blocks = new ArrayList<Block>();
        Block b;
        while ((b = unallocated.poll()) != null) {
            blocks.add(b);
        }
        return blocks;
    }
}
