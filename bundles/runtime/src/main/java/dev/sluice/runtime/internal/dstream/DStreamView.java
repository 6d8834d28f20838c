package dev.sluice.runtime.internal.dstream;

import dev.sluice.api.InvalidGraphException;
import dev.sluice.runtime.internal.exec.RepartitionedRdd;
import dev.sluice.runtime.internal.exec.CoalescedRdd;
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
import dev.sluice.runtime.internal.exec.Aggregator;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Glom;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.MapPartitionsRdd;
import dev.sluice.runtime.internal.exec.PairDatasetImpl;
import dev.sluice.runtime.internal.exec.PipelinedRdd;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ShuffledRdd;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.exec.UnionRdd;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.FunctionOutput;
import dev.sluice.runtime.internal.graph.SinkOutput;
import dev.sluice.runtime.internal.graph.TransformedNode;
import dev.sluice.runtime.internal.graph.WindowedNode;

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

    /** A node computing each batch from this stream's batch of the same time. */
    @SuppressWarnings("unchecked")
    protected <U> DStreamNode<U> derive(String operator, Function<Rdd<T>, Rdd<U>> f) {
        return new TransformedNode<>(graph(), operator, List.of(node), (rdds, time) -> f.apply((Rdd<T>) rdds.get(0)));
    }

    /** A node computing each batch from this stream's and {@code other}'s batches of the same time. */
    @SuppressWarnings("unchecked")
    protected <U, R> DStreamNode<R> derive(String operator, DStream<U> other, BiFunction<Rdd<T>, Rdd<U>, Rdd<R>> f) {
        return new TransformedNode<>(graph(), operator, List.of(node, nodeOf(other)),
                (rdds, time) -> f.apply((Rdd<T>) rdds.get(0), (Rdd<U>) rdds.get(1)));
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

    protected <U> DatasetImpl<U> dataset(Rdd<U> rdd) {
        return new DatasetImpl<>(rdd, ((GraphOwner) context).execution());
    }

    protected <K, V> PairDatasetImpl<K, V> pairDataset(Rdd<Pair<K, V>> rdd) {
        return new PairDatasetImpl<>(rdd, ((GraphOwner) context).execution());
    }

    @Override
    public <U> DStream<U> map(Function<? super T, ? extends U> f) {
        return view(derive("map", rdd -> new PipelinedRdd<>(rdd, Stage.map(f))));
    }

    @Override
    public <U> DStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
        return view(derive("flatMap", rdd -> new PipelinedRdd<>(rdd, Stage.flatMap(f))));
    }

    @Override
    public DStream<T> filter(Predicate<? super T> p) {
        return view(derive("filter", rdd -> new PipelinedRdd<>(rdd, Stage.filter(p))));
    }

    @Override
    public <U> DStream<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f) {
        return view(derive("mapPartitions", rdd -> new MapPartitionsRdd<>(rdd, f)));
    }

    @Override
    public DStream<T> repartition(int numPartitions) {
        checkPartitions("repartition", numPartitions);
        return view(derive("repartition", rdd -> new RepartitionedRdd<>(rdd, numPartitions)));
    }

    @Override
    public DStream<T> coalesce(int numPartitions) {
        checkPartitions("coalesce", numPartitions);
        return view(derive("coalesce", rdd -> new CoalescedRdd<>(rdd, numPartitions)));
    }

    static void checkPartitions(String operator, int numPartitions) {
        if (numPartitions < 1) {
            throw new InvalidGraphException(operator + ": the number of partitions must be at least 1, got "
                    + numPartitions);
        }
    }

    @Override
    public <K, V> PairDStreamView<K, V> mapToPair(Function<? super T, Pair<K, V>> f) {
        return pairView(derive("mapToPair", rdd -> new PipelinedRdd<>(rdd, Stage.map(f))));
    }

    @Override
    public <K, V> PairDStream<K, V> flatMapToPair(Function<? super T, ? extends Iterable<Pair<K, V>>> f) {
        return pairView(derive("flatMapToPair", rdd -> new PipelinedRdd<>(rdd, Stage.flatMap(f))));
    }

    @Override
    public <K, V> PairDStream<K, V> mapPartitionsToPair(
            Function<? super Iterator<T>, ? extends Iterator<Pair<K, V>>> f) {
        return pairView(derive("mapPartitionsToPair", rdd -> new MapPartitionsRdd<>(rdd, f)));
    }

    @Override
    public DStream<List<T>> glom() {
        return view(derive("glom", rdd -> new MapPartitionsRdd<T, List<T>>(rdd, Glom::partition)));
    }

    @Override
    public DStream<T> union(DStream<T> other) {
        return view(derive("union", other, (a, b) -> new UnionRdd<>(List.of(a, b))));
    }

    @Override
    public DStream<Long> count() {
        // a zero joins every batch so an empty batch counts 0, and one partition gives one element
        return view(derive("count", rdd -> {
            Rdd<Pair<Integer, Long>> ones = new PipelinedRdd<>(rdd, Stage.map(t -> Pair.of(0, 1L)));
            Rdd<Pair<Integer, Long>> withZero = new UnionRdd<>(List.of(ones, ListRdd.of(List.of(Pair.of(0, 0L)), 1)));
            return new PipelinedRdd<>(new ShuffledRdd<>(withZero, Aggregator.reducing(Long::sum), 1),
                    Stage.map(Pair::value));
        }));
    }

    @Override
    public DStream<T> reduce(BinaryOperator<T> f) {
        return view(derive("reduce", rdd -> new PipelinedRdd<>(new ShuffledRdd<>(
                new PipelinedRdd<>(rdd, Stage.map(t -> Pair.of(0, t))), Aggregator.reducing(f), 1),
                Stage.map(Pair::value))));
    }

    @Override
    public PairDStream<T, Long> countByValue() {
        return countByValue(defaultPartitions());
    }

    @Override
    public PairDStream<T, Long> countByValue(int numTasks) {
        return pairView(derive("countByValue", rdd -> new ShuffledRdd<>(
                new PipelinedRdd<>(rdd, Stage.map(t -> Pair.of(t, 1L))), Aggregator.reducing(Long::sum), numTasks)));
    }

    @Override
    public <U> DStream<U> transform(Function<? super Dataset<T>, ? extends Dataset<U>> f) {
        return view(derive("transform", rdd -> DatasetImpl.rddOf(f.apply(dataset(rdd)), "transform")));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U> DStream<U> transform(BiFunction<? super Dataset<T>, Time, ? extends Dataset<U>> f) {
        return view(new TransformedNode<>(graph(), "transform", List.of(node), (rdds, time) ->
                DatasetImpl.rddOf(f.apply(dataset((Rdd<T>) rdds.get(0)), time), "transform")));
    }

    @Override
    public <K, V> PairDStream<K, V> transformToPair(Function<? super Dataset<T>, ? extends PairDataset<K, V>> f) {
        return pairView(derive("transform", rdd -> DatasetImpl.rddOf(f.apply(dataset(rdd)), "transformToPair")));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> PairDStream<K, V> transformToPair(
            BiFunction<? super Dataset<T>, Time, ? extends PairDataset<K, V>> f) {
        return pairView(new TransformedNode<>(graph(), "transform", List.of(node), (rdds, time) ->
                DatasetImpl.rddOf(f.apply(dataset((Rdd<T>) rdds.get(0)), time), "transformToPair")));
    }

    @Override
    public <U, K, V> PairDStream<K, V> transformWithToPair(
            DStream<U> other, BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends PairDataset<K, V>> f) {
        return pairView(derive("transformWith", other, (a, b) ->
                DatasetImpl.rddOf(f.apply(dataset(a), dataset(b)), "transformWithToPair")));
    }

    @Override
    public <U, R> DStream<R> transformWith(DStream<U> other,
                                           BiFunction<? super Dataset<T>, ? super Dataset<U>, ? extends Dataset<R>> f) {
        return view(derive("transformWith", other, (a, b) ->
                DatasetImpl.rddOf(f.apply(dataset(a), dataset(b)), "transformWith")));
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
        return reduce(f).window(window, slide).reduce(f);
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
