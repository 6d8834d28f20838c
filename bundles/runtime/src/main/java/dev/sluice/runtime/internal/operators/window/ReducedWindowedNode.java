package dev.sluice.runtime.internal.operators.window;

import dev.sluice.runtime.internal.graph.StatefulNode;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.operators.state.RestoredTablesRdd;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.operators.state.KeyedTablesRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.operators.keyed.ExchangedKeys;

/**
 * reduceByKeyAndWindow: each batch is reduced per key once and kept, reduced, while it is in the
 * window. With an inverse function each window is the previous one plus the batches that entered
 * minus those that left, so its cost follows the slide, not the window; without one, each window
 * reduces its batches again, in time order. groupByKeyAndWindow is this node over lists: each
 * batch grouped per key, a window the concatenation of its batches' lists (as Spark builds it);
 * reduceByWindow without an inverse is this node over one key. In a stream a group shares, each
 * key partition's window lives on the partition's owner ({@link SharedWindow}).
 */
public final class ReducedWindowedNode<K, V> extends DStreamNode<Pair<K, V>> implements StatefulNode {

    /** Marks the window's own records in a snapshot; the reduced batches' are marked with their time. */
    private static final String WINDOW = "window";

    private final DStreamNode<Pair<K, V>> parent;
    private final BinaryOperator<V> reduce;
    /** How a key's values of one batch combine; reduce's own unless the window is of grouped lists. */
    private final Aggregator<V, V> perBatch;
    private final BinaryOperator<V> inverse;
    private final Predicate<? super Pair<K, V>> keep;
    private final Duration window;
    private final Duration slide;
    private final Partitioner partitioner;
    private final TreeMap<Time, ShuffledRdd<K, V, V>> reducedBatches = new TreeMap<>();
    /** The batch a checkpoint restored this window at; null when it was computed from its start. */
    private Time restoredAt;
    private final ExchangedKeys exchange = new ExchangedKeys(this);
    /** In a stream a group shares, the key partitions' windows this member holds; made at the first slide. */
    private SharedWindow<K, V> shared;

    public ReducedWindowedNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent, BinaryOperator<V> reduce,
                               BinaryOperator<V> inverse, Predicate<? super Pair<K, V>> keep,
                               Duration window, Duration slide, int numTasks) {
        this(graph, parent, reduce, inverse, keep, window, slide, Partitioner.hash(numTasks));
    }

    /** Every window, and every batch reduced for it, partitioned by {@code partitioner}. */
    public ReducedWindowedNode(DStreamGraph graph, DStreamNode<Pair<K, V>> parent, BinaryOperator<V> reduce,
                               BinaryOperator<V> inverse, Predicate<? super Pair<K, V>> keep,
                               Duration window, Duration slide, Partitioner partitioner) {
        this(graph, "reduceByKeyAndWindow", parent, reduce, Aggregator.reducing(reduce), inverse, keep, window, slide,
                partitioner);
    }

    /**
     * groupByKeyAndWindow: the parent's values are one-value lists, {@code concat} joins two lists
     * into a new one (the batches' lists stay held as they are), each batch's lists of a key are
     * appended into one.
     */
    public static <K, W> ReducedWindowedNode<K, List<W>> grouping(DStreamGraph graph, DStreamNode<Pair<K, List<W>>> lists,
                                                                  Duration window, Duration slide,
                                                                  Partitioner partitioner) {
        return new ReducedWindowedNode<>(graph, "groupByKeyAndWindow", lists, concat(), Aggregator.concatenating(),
                null, null, window, slide, partitioner);
    }

    /** Two batches' lists of a key joined into a new one: the batches stay held as they were. */
    static <W> BinaryOperator<List<W>> concat() {
        return (a, b) -> {
            var both = new ArrayList<W>(a.size() + b.size());
            both.addAll(a);
            both.addAll(b);
            return both;
        };
    }

    private ReducedWindowedNode(DStreamGraph graph, String name, DStreamNode<Pair<K, V>> parent,
                                BinaryOperator<V> reduce, Aggregator<V, V> perBatch, BinaryOperator<V> inverse,
                                Predicate<? super Pair<K, V>> keep, Duration window, Duration slide,
                                Partitioner partitioner) {
        super(graph, name);
        WindowDurations.check(name, parent.slideDuration(), window, slide);
        this.parent = parent;
        this.reduce = reduce;
        this.perBatch = perBatch;
        this.inverse = inverse;
        this.keep = keep;
        this.window = window;
        this.slide = slide;
        this.partitioner = partitioner;
        // the parent's batches of a whole slide are read when the window reaches them
        parent.remember(slide);
        if (inverse != null) {
            rememberOwn(slide);
        }
    }

    @Override
    public List<DStreamNode<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    public Duration slideDuration() {
        return slide;
    }

    @Override
    protected boolean materialized() {
        return true;
    }

    /** In a group: each key's reduced batches meet through the group's key exchange, on its partition's owner. */
    @Override
    public GroupPart groupPart() {
        return GroupPart.BY_KEY;
    }

    @Override
    protected Rdd<Pair<K, V>> compute(Time time) {
        if (graph().keyExchange().isPresent()) {
            return sharedWindow(time);
        }
        // a window restored off this slide's grid (one that starts empty) has no window before it to go on from
        boolean beforeRestore = restoredAt != null && time.minus(slide).isBefore(restoredAt);
        // without an inverse function every window reduces its batches again
        var previous = beforeRestore || inverse == null ? null : (KeyedTablesRdd<K, V>) getOrCompute(time.minus(slide));
        List<ShuffledRdd<K, V, V>> leaving;
        List<ShuffledRdd<K, V, V>> entering;
        if (previous == null) {
            leaving = List.of();
            entering = reducedBatches(time.minus(window), time);
        } else {
            leaving = reducedBatches(time.minus(slide).minus(window), time.minus(window));
            entering = reducedBatches(time.minus(slide), time);
        }
        return new ReducedWindowRdd<>(previous, leaving, entering, reduce, inverse, keep,
                partitioner.numPartitions());
    }

    /** The window at {@code time} in a stream a group shares: the slide's batches, each exchanged in time order. */
    private Rdd<Pair<K, V>> sharedWindow(Time time) {
        synchronized (reducedBatches) {
            if (shared == null) {
                shared = new SharedWindow<>(reduce, perBatch, inverse, keep, window, partitioner);
            }
        }
        var entering = new ArrayList<SharedWindow.Entering<K, V>>();
        long step = parent.slideDuration().toMillis();
        for (long t = time.minus(slide).millis() + step; t <= time.millis(); t += step) {
            Time batchTime = new Time(t);
            Rdd<Pair<K, V>> batch = parent.getOrCompute(batchTime);
            // every member sends every batch, with or without records: the others wait for its part
            KeyExchangeStep through = exchange.step(batchTime).orElseThrow();
            var reduced = new ShuffledRdd<>(batch != null ? batch : ListRdd.<Pair<K, V>>empty(),
                    SharedWindow.reducingIn(batchTime, perBatch), partitioner).exchangedThrough(through);
            entering.add(new SharedWindow.Entering<>(batchTime, through, reduced));
        }
        return new SharedWindowRdd<>(shared, time, entering, partitioner.numPartitions());
    }

    /** The parent's batches in (from, to], each reduced per key once. */
    private List<ShuffledRdd<K, V, V>> reducedBatches(Time from, Time to) {
        var batches = new ArrayList<ShuffledRdd<K, V, V>>();
        long step = parent.slideDuration().toMillis();
        for (long t = from.millis() + step; t <= to.millis(); t += step) {
            Time time = new Time(t);
            ShuffledRdd<K, V, V> reduced;
            synchronized (reducedBatches) {
                reduced = reducedBatches.get(time);
            }
            if (reduced == null && restoredAt != null && !time.isAfter(restoredAt)) {
                // a batch up to the restore that the checkpoint did not hold had no records (or came before this
                // window existed); its input was released, and asking for it again must not read later data
                continue;
            }
            if (reduced == null) {
                Rdd<Pair<K, V>> batch = parent.getOrCompute(time);
                if (batch == null) {
                    continue;
                }
                reduced = new ShuffledRdd<>(batch, perBatch, partitioner);
                synchronized (reducedBatches) {
                    reducedBatches.put(time, reduced);
                }
            }
            batches.add(reduced);
        }
        return batches;
    }

    @Override
    protected void cleared(Time completed) {
        // a reduced batch is read again when it leaves the window, up to a slide after the window passed it
        synchronized (reducedBatches) {
            reducedBatches.headMap(completed.minus(window).minus(slide), true).clear();
        }
    }

    /** The window being written and its reduced batches: they share its partitioning. Set on the job thread. */
    private KeyedTablesRdd<K, V> snapshotWindow;
    private Map<Time, ShuffledRdd<K, V, V>> snapshotBatches;

    @Override
    public int prepareSnapshot(Time time, Execution execution) {
        var windowed = (KeyedTablesRdd<K, V>) getOrCompute(time);
        if (windowed == null) {
            return 0;
        }
        execution.pool().prepare(windowed);
        synchronized (reducedBatches) {
            // the job thread writes while the scheduler's may add the next batch's
            snapshotBatches = new TreeMap<>(reducedBatches.subMap(time.minus(window), false, time, true));
        }
        snapshotBatches.values().forEach(execution.pool()::prepare);
        snapshotWindow = windowed;
        return windowed.numPartitions();
    }

    @Override
    public Layout layout() {
        return new Layout(3, 2);
    }

    /**
     * The window after {@code time} and every reduced batch still in it (they are subtracted as
     * they leave), as triples: {@value #WINDOW} or the batch's time in ms, key, value.
     */
    @Override
    public void snapshot(Time time, int partition, Consumer<Object> out) {
        snapshotWindow.partition(partition).forEach((k, v) -> triple(out, WINDOW, k, v));
        snapshotBatches.forEach((batchTime, batch) -> {
            Long at = batchTime.millis();
            batch.partition(partition).forEach((k, v) -> triple(out, at, k, v));
        });
    }

    private static void triple(Consumer<Object> out, Object marker, Object key, Object value) {
        out.accept(marker);
        out.accept(key);
        out.accept(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Time time, List<Object> records) {
        var window = new ArrayList<Pair<K, V>>();
        var batches = new TreeMap<Time, List<Pair<K, V>>>();
        for (int i = 0; i + 2 < records.size(); i += 3) {
            var pair = Pair.of((K) records.get(i + 1), (V) records.get(i + 2));
            if (WINDOW.equals(records.get(i))) {
                window.add(pair);
            } else {
                batches.computeIfAbsent(new Time((Long) records.get(i)), t -> new ArrayList<>()).add(pair);
            }
        }
        restoredAt = time;
        restoreGenerated(time, new RestoredTablesRdd<>(window, partitioner));
        synchronized (reducedBatches) {
            batches.forEach((t, pairs) -> reducedBatches.put(t,
                    new ShuffledRdd<>(ListRdd.of(pairs, 1), Aggregator.reducing(reduce), partitioner)));
        }
    }
}
