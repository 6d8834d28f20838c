package dev.sluice.runtime.internal.exec;

import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.InputSplit;
import java.util.List;
import java.util.function.Consumer;

/** A batch of a polled source: one partition per split, read when the batch runs. */
public final class SplitRdd<T> extends Rdd<T> {

    private final List<InputSplit<T>> splits;

    public SplitRdd(List<InputSplit<T>> splits) {
        this.splits = List.copyOf(splits);
    }

    @Override
    public int numPartitions() {
        return splits.size();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        InputSplit<T> split = splits.get(p);
        try {
            split.read(out);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SluiceException("cannot read " + split.description() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of();
    }
}
