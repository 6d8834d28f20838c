package dev.sluice.runtime.internal.exec;

import dev.sluice.api.StorageLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDataset;
import dev.sluice.api.SluiceException;

/** A batch's dataset as user code sees it: transformations wrap the dataset, actions run its stages on the workers. */
public class DatasetImpl<T> implements Dataset<T> {

    protected final Rdd<T> rdd;
    protected final Execution execution;

    public DatasetImpl(Rdd<T> rdd, Execution execution) {
        this.rdd = rdd;
        this.execution = execution;
    }

    public Rdd<T> rdd() {
        return rdd;
    }

    /** The engine's dataset behind one a user hands back, e.g. from a transform function. */
    @SuppressWarnings("unchecked")
    public static <T> Rdd<T> rddOf(Dataset<? extends T> dataset, String operation) {
        if (dataset instanceof DatasetImpl<? extends T> d) {
            return (Rdd<T>) d.rdd;
        }
        throw new SluiceException(operation + " needs datasets made by Sluice (from a batch or"
                + " StreamingContext.parallelize), got " + (dataset == null ? "null" : dataset.getClass().getName()));
    }

    protected <U> DatasetImpl<U> wrap(Rdd<U> r) {
        return new DatasetImpl<>(r, execution);
    }

    protected <K, V> PairDatasetImpl<K, V> wrapPairs(Rdd<Pair<K, V>> r) {
        return new PairDatasetImpl<>(r, execution);
    }

    private WorkerPool pool() {
        return execution.pool();
    }

    @Override
    public int numPartitions() {
        return rdd.numPartitions();
    }

    @Override
    public long count() {
        pool().prepare(rdd);
        long[] counts = new long[rdd.numPartitions()];
        pool().runTasks(counts.length, p -> {
            var counter = new long[1];
            rdd.compute(p, t -> counter[0]++);
            counts[p] = counter[0];
        });
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public boolean isEmpty() {
        return take(1).isEmpty();
    }

    @Override
    public List<T> collect() {
        pool().prepare(rdd);
        @SuppressWarnings("unchecked")
        List<T>[] parts = new List[rdd.numPartitions()];
        pool().runTasks(parts.length, p -> {
            var part = new ArrayList<T>();
            rdd.compute(p, part::add);
            parts[p] = part;
        });
        var all = new ArrayList<T>();
        for (List<T> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    @Override
    public List<T> take(int n) {
        var taken = new ArrayList<T>(Math.min(Math.max(n, 0), 1024));
        if (n <= 0) {
            return taken;
        }
        pool().prepare(rdd);
        try {
            for (int p = 0; p < rdd.numPartitions(); p++) {
                rdd.compute(p, t -> {
                    taken.add(t);
                    if (taken.size() >= n) {
                        throw Enough.INSTANCE;
                    }
                });
            }
        } catch (Enough e) {
            // took n elements: the rest of the partition need not be computed
        }
        return taken;
    }

    @Override
    public T first() {
        List<T> one = take(1);
        if (one.isEmpty()) {
            throw new NoSuchElementException("first() of an empty dataset; check isEmpty() first or use take(1)");
        }
        return one.get(0);
    }

    @Override
    public List<T> top(int n, Comparator<? super T> comparator) {
        return TopElements.of(rdd, pool(), n, comparator);
    }

    @Override
    public List<T> top(int n) {
        return top(n, NaturalOrder.of("top"));
    }

    @Override
    public List<T> takeOrdered(int n, Comparator<? super T> comparator) {
        return TopElements.of(rdd, pool(), n, comparator.reversed());
    }

    @Override
    public List<T> takeOrdered(int n) {
        return takeOrdered(n, NaturalOrder.of("takeOrdered"));
    }

    @Override
    public void forEach(Consumer<? super T> action) {
        pool().prepare(rdd);
        pool().runTasks(rdd.numPartitions(), p -> rdd.compute(p, action));
    }

    @Override
    public Optional<T> reduce(BinaryOperator<T> f) {
        pool().prepare(rdd);
        @SuppressWarnings("unchecked")
        T[] partial = (T[]) new Object[rdd.numPartitions()];
        boolean[] present = new boolean[partial.length];
        pool().runTasks(partial.length, p -> rdd.compute(p, t -> {
            partial[p] = present[p] ? f.apply(partial[p], t) : t;
            present[p] = true;
        }));
        Optional<T> result = Optional.empty();
        for (int p = 0; p < partial.length; p++) {
            if (present[p]) {
                T v = partial[p];
                result = Optional.of(result.map(r -> f.apply(r, v)).orElse(v));
            }
        }
        return result;
    }

    @Override
    public Map<T, Long> countByValue() {
        var counts = new java.util.HashMap<T, Long>();
        mapToPair(t -> Pair.of(t, 1L)).reduceByKey(Long::sum).collect()
                .forEach(p -> counts.put(p.key(), p.value()));
        return counts;
    }

    @Override
    public <U> Dataset<U> map(Function<? super T, ? extends U> f) {
        return wrap(new PipelinedRdd<>(rdd, Stage.map(f)));
    }

    @Override
    public <U> Dataset<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
        return wrap(new PipelinedRdd<>(rdd, Stage.flatMap(f)));
    }

    @Override
    public Dataset<T> filter(Predicate<? super T> p) {
        return wrap(new PipelinedRdd<>(rdd, Stage.filter(p)));
    }

    @Override
    public <U> Dataset<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f) {
        return wrap(new MapPartitionsRdd<>(rdd, f));
    }

    @Override
    public <K, V> PairDataset<K, V> mapToPair(Function<? super T, Pair<K, V>> f) {
        return wrapPairs(new PipelinedRdd<>(rdd, Stage.map(f)));
    }

    @Override
    public Dataset<T> union(Dataset<T> other) {
        return wrap(new UnionRdd<>(List.of(rdd, rddOf(other, "union"))));
    }

    @Override
    public <S extends Comparable<? super S>> Dataset<T> sortBy(Function<? super T, ? extends S> key,
                                                               boolean ascending, int numPartitions) {
        Comparator<T> order = Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
        return wrap(new SortedRdd<>(rdd, ascending ? order : order.reversed(), numPartitions));
    }

    @Override
    public Dataset<T> distinct() {
        return distinct(execution.defaultPartitions());
    }

    @Override
    public Dataset<T> distinct(int numPartitions) {
        var once = new ShuffledRdd<>(new PipelinedRdd<>(rdd, Stage.map(t -> Pair.of(t, Boolean.TRUE))),
                Aggregator.<Boolean>reducing((a, b) -> a), positive(numPartitions));
        return wrap(new PipelinedRdd<>(once, Stage.map(Pair::key)));
    }

    @Override
    public Dataset<List<T>> glom() {
        return wrap(new MapPartitionsRdd<T, List<T>>(rdd, Glom::partition));
    }

    @Override
    public PairDataset<T, Long> zipWithIndex() {
        return wrapPairs(new IndexedRdd<>(rdd));
    }

    @Override
    public Dataset<T> subtract(Dataset<T> other) {
        return subtract(other, execution.defaultPartitions());
    }

    @Override
    public Dataset<T> subtract(Dataset<T> other, int numPartitions) {
        return wrap(new PipelinedRdd<>(present(other, "subtract", numPartitions), out -> p -> {
            if (p.value().value().isEmpty()) {
                p.value().key().forEach(occurrence -> out.accept(p.key()));
            }
        }));
    }

    @Override
    public Dataset<T> intersection(Dataset<T> other) {
        return intersection(other, execution.defaultPartitions());
    }

    @Override
    public Dataset<T> intersection(Dataset<T> other, int numPartitions) {
        return wrap(new PipelinedRdd<>(present(other, "intersection", numPartitions), out -> p -> {
            if (!p.value().key().isEmpty() && !p.value().value().isEmpty()) {
                out.accept(p.key());
            }
        }));
    }

    /** Every element of either dataset with one entry per occurrence on each side. */
    private CoGroupedRdd<T, Boolean, Boolean> present(Dataset<T> other, String operation, int numPartitions) {
        Rdd<T> theirs = rddOf(other, operation);
        return new CoGroupedRdd<>(new PipelinedRdd<>(rdd, Stage.map(t -> Pair.of(t, Boolean.TRUE))),
                new PipelinedRdd<>(theirs, Stage.map(t -> Pair.of(t, Boolean.TRUE))), positive(numPartitions));
    }

    @Override
    public <U> PairDataset<T, U> cartesian(Dataset<U> other) {
        return wrapPairs(new CartesianRdd<>(rdd, rddOf(other, "cartesian")));
    }

    @Override
    public Dataset<T> sample(boolean withReplacement, double fraction, long seed) {
        return wrap(new SampledRdd<>(rdd, withReplacement, fraction, seed));
    }

    @Override
    public Dataset<T> sample(boolean withReplacement, double fraction) {
        return sample(withReplacement, fraction, ThreadLocalRandom.current().nextLong());
    }

    @Override
    public Dataset<T> repartition(int numPartitions) {
        return wrap(new RepartitionedRdd<>(rdd, positive(numPartitions)));
    }

    @Override
    public Dataset<T> coalesce(int numPartitions) {
        return wrap(new CoalescedRdd<>(rdd, positive(numPartitions)));
    }

    static int positive(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("the number of partitions must be at least 1, got " + numPartitions);
        }
        return numPartitions;
    }

    @Override
    public Dataset<T> cache() {
        return persist(StorageLevel.MEMORY_ONLY);
    }

    @Override
    public Dataset<T> persist(StorageLevel level) {
        return wrap(new CachedRdd<>(rdd, execution.blocks(), validLevel(level)));
    }

    static StorageLevel validLevel(StorageLevel level) {
        if (!level.isValid()) {
            throw new IllegalArgumentException("cannot persist a dataset at " + level
                    + "; choose a level that uses memory or disk, e.g. MEMORY_ONLY");
        }
        return level;
    }

    /** Ends a partition's computation early once take has what it needs. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Enough INSTANCE = new Enough();

        private Enough() {
            super(null, null, false, false);
        }
    }
}
