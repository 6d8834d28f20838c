package dev.sluice.runtime.internal.block;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import dev.sluice.api.SluiceException;

/** Received blocks, held until no batch needs them any more. */
public final class BlockStore {

    private final ConcurrentHashMap<BlockId, Block> blocks = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();

    public void put(Block block) {
        if (blocks.putIfAbsent(block.id(), block) == null) {
            records.addAndGet(block.size());
        }
    }

    public Block get(BlockId id) {
        Block b = blocks.get(id);
        if (b == null) {
            throw new SluiceException("block " + id + " is no longer stored; it was released before its batch ran");
        }
        return b;
    }

    public void remove(Collection<BlockId> ids) {
        for (BlockId id : ids) {
            Block b = blocks.remove(id);
            if (b != null) {
                records.addAndGet(-b.size());
            }
        }
    }

    public int blockCount() {
        return blocks.size();
    }

    public long recordCount() {
        return records.get();
    }
}
