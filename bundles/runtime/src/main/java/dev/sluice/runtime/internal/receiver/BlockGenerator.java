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
 * never waits for a block to be serialized.
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

    synchronized void addAll(List<? extends T> records) {
        current.addAll(records);
    }

    /** Turns the records buffered so far into a stored block. */
    void cut() {
        synchronized (cutLock) {
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
            store.put(id, records, level);
            unallocated.add(new Block(id, records.size()));
        }
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
