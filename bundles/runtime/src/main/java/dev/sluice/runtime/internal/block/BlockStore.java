package dev.sluice.runtime.internal.block;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import dev.sluice.api.SluiceException;

/** Received blocks, held until no batch needs them any more. */
public final class BlockStore {

    private final ConcurrentHashMap<BlockId, Block> blocks = new ConcurrentHashMap<>();

    public void put(Block block) {
        blocks.putIfAbsent(block.id(), block);
    }

    public Block get(BlockId id) {
        Block b = blocks.get(id);
        if (b == null) {
            throw new SluiceException("block " + id + " is no longer stored; it was released before its batch ran");
        }
        return b;
    }

    public void remove(Collection<BlockId> ids) {
        ids.forEach(blocks::remove);
    }

    public int blockCount() {
        return blocks.size();
    }
}
