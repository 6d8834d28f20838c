package dev.sluice.runtime.internal.receiver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import dev.sluice.runtime.internal.block.Block;
import dev.sluice.runtime.internal.block.BlockId;
import dev.sluice.runtime.internal.block.BlockStore;

/**
 * Buffers one receiver's records and cuts them into blocks: every block interval, and whenever a
 * batch is generated, so that everything stored before batch time t is in batch t or earlier.
 */
final class BlockGenerator<T> {

    private final int streamId;
    private final BlockStore store;
    private final ConcurrentLinkedQueue<Block> unallocated = new ConcurrentLinkedQueue<>();
    private ArrayList<T> current = new ArrayList<>();
    private long nextSequence;

    BlockGenerator(int streamId, BlockStore store) {
        this.streamId = streamId;
        this.store = store;
    }

    synchronized void add(T record) {
        current.add(record);
    }

    synchronized void addAll(List<? extends T> records) {
        current.addAll(records);
    }

    /** Turns the records buffered so far into a stored block. */
    void cut() {
        Block block;
        synchronized (this) {
            if (current.isEmpty()) {
                return;
            }
            block = new Block(new BlockId(streamId, nextSequence++), current);
            current = new ArrayList<>(Math.max(16, block.size()));
            // stored and queued under the lock, so blocks are queued in sequence order
            store.put(block);
            unallocated.add(block);
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
