package dev.sluice.runtime.internal.dstream;

import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.StorageLevel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.PairDataset;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Glom;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.output.FunctionOutput;
import dev.sluice.runtime.internal.output.SinkOutput;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.operators.CoalesceNode;
import dev.sluice.runtime.internal.operators.CountNode;
import dev.sluice.runtime.internal.operators.FilterNode;
import dev.sluice.runtime.internal.operators.FlatMapNode;
import dev.sluice.runtime.internal.operators.MapNode;
import dev.sluice.runtime.internal.operators.MapPartitionsNode;
import dev.sluice.runtime.internal.operators.ReduceNode;
import dev.sluice.runtime.internal.operators.RepartitionNode;
import dev.sluice.runtime.internal.operators.TransformNode;
import dev.sluice.runtime.internal.operators.TransformWithNode;
import dev.sluice.runtime.internal.operators.UnionNode;
import dev.sluice.runtime.internal.operators.keyed.CountByValueNode;
import dev.sluice.runtime.internal.operators.window.WindowedNode;

/** The public face of a graph node: each call adds an operator or an output operation to the graph. */
public class DStreamView<T> implements DStream<T> {

    protected final StreamingContext context;
    protected final DStreamNode<T> node;

    public DStreamView(StreamingContext context, DStreamNode<T> node) {
        this.context = context;
        this.node = node;
    }

    public DStreamNode<T> node() {
        return node;
    }

    protected DStreamGraph graph() {
        return ((GraphOwner) context).graph();
    }

    protected int defaultPartitions() {
        return graph().defaultPartitions();
    }

    static <U> DStreamNode<U> nodeOf(DStream<U> stream) {
        if (stream instanceof DStreamView<U> v) {
            return v.node;
        }
        throw new IllegalArgumentException("streams must come from a Sluice StreamingContext, got " + stream);
    }

    protected <U> DStreamView<U> view(DStreamNode<U> n) {
        return new DStreamView<>(context, n);
    }

    protected <K, V> PairDStreamView<K, V> pairView(DStreamNode<Pair<K, V>> n) {
        return new PairDStreamView<>(context, n);
    }

    protected Execution execution() {
        return ((GraphOwner) context).execution();
    }

    protected <U> DatasetImpl<U> dataset(Rdd<U> rdd) {
        return new DatasetImpl<>(rdd, execution());
    }

    @Override
    public <U> DStream<U> map(Function<? super T, ? extends U> f) {
        return view(new MapNode<>(node, "map", f));
    }

    @Override
    public <U> DStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
        return view(new FlatMapNode<>(node, "flatMap", f));
    }

    @Override
    public DStream<T> filter(Predicate<? super T> p) {
        return view(new FilterNode<>(node, p));
    }

    @Override
    public <U> DStream<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f) {
        return view(new MapPartitionsNode<>(node, "mapPartitions", f));
    }

    @Override
    public DStream<T> repartition(int numPartitions) {
        checkPartitions("repartition", numPartitions);
        return view(new RepartitionNode<>(node, numPartitions));
    }

    @Override
    public DStream<T> coalesce(int numPartitions) {
        checkPartitions("coalesce", numPartitions);
        return view(new CoalesceNode<>(node, numPartitions));
    }

    static void checkPartitions(String operator, int numPartitions) {
        if (numPartitions < 1) {
            throw new InvalidGraphException(operator + ": the number of partitions must be at least 1, got "
                    + numPartitions);
        }
    }

    @Override
    public <K, V> PairDStreamView<K, V> mapToPair(Function<? super T, Pair<K, V>> f) {
        return pairView(new MapNode<>(node, "mapToPair", f));
    }

    @Override
    public <K, V> PairDStream<K, V> flatMapToPair(Function<? super T, ? extends Iterable<Pair<K, V>>> f) {
        return pairView(new FlatMapNode<>(node, "flatMapToPair", f));
    }

    @Override
    public <K, V> PairDStream<K, V> mapPartitionsToPair(
            Function<? super Iterator<T>, ? extends Iterator<Pair<K, V>>> f) {
        return pairView(new MapPartitionsNode<>(node, "mapPartitionsToPair", f));
    }

    @Override
    public DStream<List<T>> glom() {
        return view(new MapPartitionsNode<T, List<T>>(node, "glom", Glom::partition));
    }

    @Override
    public DStream<T> union(DStream<T> other) {
        return view(new UnionNode<>(node, nodeOf(other)));
    }

    @Override
    public DStream<Long> count() {
        return view(new CountNode<>(node));
    }

    @Override
    public DStream<T> reduce(BinaryOperator<T> f) {
        return view(new ReduceNode<>(node, f));
    }

    @Override
    public PairDStream<T, Long> countByValue() {
        return countByValue(defaultPartitions());
    }

    @Override
    public PairDStream<T, Long> countByValue(int numTasks) {
        return pairView(new CountByValueNode<>(node, numTasks));
    }

    @Override
    public <U> DStream<U> transform(Function<? super Dataset<T>, ? extends Dataset<U>> f) {
        return view(new TransformNode<T, U>(node, "transform", execution(), (batch, time) -> f.apply(batch)));
    }

    @Override
    public <U> DStream<U> transform(BiFunction<? super Dataset<T>, Time, ? extends Dataset<U>> f) {
        return view(new TransformNode<T, U>(node, "transform", execution(), f));
    }

    @Override
    public <K, V> PairDStream<K, V> transformToPair(Function<? super Dataset<T>, ? extends PairDataset<K, V>> f) {
        return pairView(new TransformNode<T, Pair<K, V>>(node, "transformToPair", execution(),
                (batch, time) -> f.apply(batch)));
    }

    @Override
    public <K, V> PairDStream<K, V> transformToPair(
            BiFunction<? super Dataset<T>, Time, ? extends PairDataset<K, V>> f) {
        return pairView(new TransformNode<T, Pair<K, V>>(node, "transformToPair", execution(), f));
    }

    @Override
    public <U, K, V> PairDStream<K, V> transformWithToPair(
            DStream<U> other, BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends PairDataset<K, V>> f) {
        return pairView(new TransformWithNode<T, U, Pair<K, V>>(node, nodeOf(other), "transformWithToPair",
                execution(), f));
    }

    @Override
    public <U, R> DStream<R> transformWith(DStream<U> other,
                                           BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends Dataset<R>> f) {
        return view(new TransformWithNode<>(node, nodeOf(other), "transformWith", execution(), f));
    }

    protected DStreamNode<T> windowNode(Duration window, Duration slide) {
        return new WindowedNode<>(graph(), "window", node, window, slide);
    }

    @Override
    public DStream<T> window(Duration window, Duration slide) {
        return view(windowNode(window, slide));
    }

    @Override
    public DStream<T> window(Duration window) {
        return window(window, node.slideDuration());
    }

    @Override
    public DStream<Long> countByWindow(Duration window, Duration slide) {
        // built as Spark builds it, so windows before the first element have no count and empty ones after it 0
        return map(t -> 1L).reduceByWindow(Long::sum, (a, b) -> a - b, window, slide);
    }

    @Override
    public DStream<T> reduceByWindow(BinaryOperator<T> f, Duration window, Duration slide) {
        // one key, one partition: each batch reduced once, each window its batches' values reduced in time order;
        // an empty window has no key, so no value, as Spark's reduce of an empty window gives none
        var windowed = (DStreamView<Pair<Integer, T>>) mapToPair(t -> Pair.of(0, t))
                .reduceByKeyAndWindow(f, window, slide, 1);
        var value = (DStreamView<T>) windowed.map(Pair::value);
        return new WindowValueView<>(context, value.node, windowed.node);
    }

    @Override
    public DStream<T> reduceByWindow(BinaryOperator<T> f, BinaryOperator<T> inverse, Duration window,
                                     Duration slide) {
        // one key, one partition: the window's value is the key's value, kept once it exists
        var windowed = (DStreamView<Pair<Integer, T>>) mapToPair(t -> Pair.of(0, t))
                .reduceByKeyAndWindow(f, inverse, window, slide, 1, null);
        var value = (DStreamView<T>) windowed.map(Pair::value);
        return new WindowValueView<>(context, value.node, windowed.node);
    }

    @Override
    public PairDStream<T, Long> countByValueAndWindow(Duration window) {
        return countByValueAndWindow(window, node.slideDuration());
    }

    @Override
    public PairDStream<T, Long> countByValueAndWindow(Duration window, Duration slide) {
        return countByValueAndWindow(window, slide, defaultPartitions());
    }

    @Override
    public PairDStream<T, Long> countByValueAndWindow(Duration window, Duration slide, int numTasks) {
        return mapToPair(t -> Pair.of(t, 1L)).reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, window, slide,
                numTasks, p -> p.value() != 0L);
    }

    @Override
    public DStream<T> persist() {
        return persist(StorageLevel.MEMORY_ONLY_SER);
    }

    @Override
    public DStream<T> persist(StorageLevel level) {
        node.persist(level);
        return this;
    }

    @Override
    public DStream<T> cache() {
        return persist();
    }

    @Override
    public List<Dataset<T>> slice(Time from, Time to) {
        return node.slice(from, to).stream().<Dataset<T>>map(this::dataset).toList();
    }

    @Override
    public DStream<T> checkpoint(Duration interval) {
        node.checkpoint(interval);
        return this;
    }

    @Override
    public DStream<T> name(String name) {
        node.setName(name);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U> DStream<U> via(String operatorType, Config config) {
        return (DStream<U>) OperatorStage.apply(this, operatorType, config);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> PairDStream<K, V> viaPairs(String operatorType, Config config) {
        DStream<Pair<K, V>> out = (DStream<Pair<K, V>>) OperatorStage.apply(this, operatorType, config);
        return out instanceof PairDStream<?, ?> pairs ? (PairDStream<K, V>) pairs : pairView(nodeOf(out));
    }

    @Override
    public void print(int num) {
        graph().addOutput(node, new SinkOutput<>("console", Config.of("num", num)), "print");
    }

    @Override
    public void foreach(Consumer<Dataset<T>> action) {
        foreach((batch, time) -> action.accept(batch));
    }

    @Override
    public void foreach(BiConsumer<Dataset<T>, Time> action) {
        graph().addOutput(node, new FunctionOutput<>(action), "foreach");
    }

    @Override
    public void to(String sinkType, Config config) {
        graph().addOutput(node, new SinkOutput<>(sinkType, config), "to(" + sinkType + ")");
    }

    @Override
    public StreamingContext context() {
        return context;
    }

    @Override
    public String toString() {
        return node.name();
    }
}
