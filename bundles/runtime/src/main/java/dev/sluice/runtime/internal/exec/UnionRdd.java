package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.function.Consumer;

/** The partitions of several datasets side by side: nothing is moved. */
public final class UnionRdd<T> extends Rdd<T> {

    private final List<Rdd<? extends T>> members;
    private final int[] firstPartition;
    private final int numPartitions;

    public UnionRdd(List<Rdd<? extends T>> members) {
        this.members = List.copyOf(members);
        this.firstPartition = new int[members.size()];
        int n = 0;
        for (int i = 0; i < members.size(); i++) {
            firstPartition[i] = n;
            n += members.get(i).numPartitions();
        }
        this.numPartitions = n;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        int i = members.size() - 1;
        while (firstPartition[i] > p) {
            i--;
        }
        members.get(i).compute(p - firstPartition[i], out);
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.copyOf(members);
    }
}
