package dev.sluice.runtime.internal.operators.window;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.operators.state.KeyedTablesRdd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One slide of a keyed window a group shares ({@link SharedWindow}). Its inputs are the slide's
 * batches in time order, so every member exchanges them in the same order; the slides run in order
 * as the scheduler runs its jobs, one after another.
 */
final class SharedWindowRdd<K, V> extends KeyedTablesRdd<K, V> {

    private final SharedWindow<K, V> shared;
    private final Time time;
    private List<SharedWindow.Entering<K, V>> entering;
    private SharedWindow.Slide<K, V> slide;
    /** Not this dataset's monitor: the stage holds it while the builds run on the pool's threads. */
    private final Object slideLock = new Object();

    SharedWindowRdd(SharedWindow<K, V> shared, Time time, List<SharedWindow.Entering<K, V>> entering,
                    int numPartitions) {
        super(numPartitions);
        this.shared = shared;
        this.time = time;
        this.entering = List.copyOf(entering);
    }

    @Override
    protected Map<K, V> build(int r) {
        synchronized (slideLock) {
            if (slide == null) {
                slide = shared.slide(time, entering);
            }
            return slide.tables()[r];
        }
    }

    @Override
    protected void committed() {
        shared.commit(slide);
    }

    @Override
    protected Map<K, V> fallback(int r) {
        return shared.heldTables()[r];
    }

    @Override
    protected List<Rdd<?>> inputs() {
        var all = new ArrayList<Rdd<?>>();
        entering.forEach(e -> all.add(e.reduced()));
        return all;
    }

    @Override
    protected void releaseInputs() {
        entering = List.of();
        slide = null;
    }
}
