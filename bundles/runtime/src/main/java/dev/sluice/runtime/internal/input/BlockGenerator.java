package dev.sluice.runtime.internal.input;

import dev.sluice.api.SluiceException;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.spi.RecordCodec;
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
 * storing single records never waits for a block to be serialized.
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
    private long nextSequence;
    private final AtomicBoolean warnedNotSerializable = new AtomicBoolean();

    BlockGenerator(int streamId, BlockStore store, StorageLevel level, BlockLog log, RecordCodec codec) {
        this.streamId = streamId;
        this.store = store;
        this.level = level;
        this.log = log;
        this.codec = codec;
    }

    synchronized void add(T record) {
        current.add(record);
    }

    /** Whether records are buffered or blocks stored that no batch has taken yet. */
    synchronized boolean hasData() {
        return !current.isEmpty() || !unallocated.isEmpty();
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
        List<T> records;
        BlockId id;
        synchronized (this) {
            if (current.isEmpty()) {
                return;
            }
            records = current;
            current = new ArrayList<>(Math.max(16, records.size()));
            id = BlockId.input(streamId, nextSequence++);
        }
        put(id, records, storeAt, false);
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
