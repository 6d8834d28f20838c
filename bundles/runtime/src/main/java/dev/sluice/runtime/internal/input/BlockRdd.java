package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.block.BlockId;
import java.util.List;
import java.util.function.Consumer;
import dev.sluice.runtime.internal.exec.Rdd;

/** A batch of received data: one partition per block. */
public final class BlockRdd<T> extends Rdd<T> {

    private final List<BlockId> blocks;
    private final BlockStore store;

    public BlockRdd(List<BlockId> blocks, BlockStore store) {
        this.blocks = List.copyOf(blocks);
        this.store = store;
    }

    public List<BlockId> blockIds() {
        return blocks;
    }

    @Override
    public int numPartitions() {
        return blocks.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void compute(int p, Consumer<? super T> out) {
        store.forEach(blocks.get(p), 0, 1, (Consumer<Object>) out);
    }

    @Override
    public boolean divisible() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void compute(int p, int piece, int pieces, Consumer<? super T> out) {
        store.forEach(blocks.get(p), piece, pieces, (Consumer<Object>) out);
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of();
    }
}
