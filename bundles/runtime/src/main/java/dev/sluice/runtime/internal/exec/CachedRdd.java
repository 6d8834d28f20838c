package dev.sluice.runtime.internal.exec;

import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.block.BlockId;
import dev.sluice.runtime.internal.block.BlockStore;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A persisted dataset: each partition is computed once and kept in the block store at the
 * dataset's storage level, so a dataset used several times is computed once. Its blocks go when
 * it is unpersisted, or at the latest when the dataset itself is garbage.
 */
public final class CachedRdd<T> extends Rdd<T> {

    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final Cleaner CLEANER = Cleaner.create();

    private final Rdd<T> parent;
    private final BlockStore store;
    private final StorageLevel level;
    private final List<BlockId> blocks;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean unpersisted;

    public CachedRdd(Rdd<T> parent, BlockStore store, StorageLevel level) {
        this.parent = parent;
        this.store = store;
        this.level = level;
        long id = NEXT_ID.incrementAndGet();
        this.blocks = IntStream.range(0, parent.numPartitions()).mapToObj(p -> BlockId.dataset(id, p)).toList();
        List<BlockId> ids = blocks; // the clean-up action must not hold this dataset
        this.cleanable = CLEANER.register(this, () -> store.remove(ids));
    }

    public StorageLevel level() {
        return level;
    }

    @Override
    public int numPartitions() {
        return blocks.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void compute(int p, Consumer<? super T> out) {
        BlockId id = blocks.get(p);
        if (store.contains(id)) {
            ((List<T>) store.get(id)).forEach(out);
            return;
        }
        var elements = new ArrayList<T>();
        parent.compute(p, elements::add);
        if (!unpersisted) {
            store.put(id, elements, level);
        }
        elements.forEach(out);
    }

    /** Frees the stored partitions; later reads compute them again. */
    public void unpersist() {
        unpersisted = true;
        cleanable.clean();
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
