package dev.sluice.runtime.internal.receiver;

import dev.sluice.api.StorageLevel;
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

    private final int streamId;
    private final BlockStore store;
    private final StorageLevel level;
    private final ConcurrentLinkedQueue<Block> unallocated = new ConcurrentLinkedQueue<>();
    /** Held while a block is cut and stored, so blocks are stored and queued in sequence order. */
    private final Object cutLock = new Object();
    private ArrayList<T> current = new ArrayList<>();
    private long nextSequence;

    BlockGenerator(int streamId, BlockStore store, StorageLevel level) {
        this.streamId = streamId;
        this.store = store;
        this.level = level;
    }

    synchronized void add(T record) {
        current.add(record);
    }

    /** Turns the records buffered so far into a stored block. */
    void cut() {
        synchronized (cutLock) {
            cutBuffered();
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
            cutBuffered();
            // the receiver may reuse its list once this returns
            put(nextId(), new ArrayList<>(records));
        }
    }

    private void cutBuffered() {
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
        put(id, records);
    }

    private synchronized BlockId nextId() {
        return BlockId.input(streamId, nextSequence++);
    }

    private void put(BlockId id, List<?> records) {
        store.put(id, records, level);
        unallocated.add(new Block(id, records.size()));
    }

    /** Cuts the current buffer and hands over every block not yet given to a batch. */
    List<Block> allocate() {
        cut();
        var blocks = new ArrayList<Block>();
        Block b;
        while ((b = unallocated.poll()) != null) {
            blocks.add(b);
        }
        return blocks;
    }
}
