package dev.sluice.runtime.internal.dstream;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.Stage;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.FunctionOutput;
import dev.sluice.runtime.internal.graph.NarrowNode;
import dev.sluice.runtime.internal.graph.SinkOutput;

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

    private <U> DStreamView<U> narrow(String operator, Stage<T, U> stage) {
        return new DStreamView<>(context, new NarrowNode<>(graph(), operator, node, stage));
    }

    @Override
    public <U> DStream<U> map(Function<? super T, ? extends U> f) {
        return narrow("map", Stage.map(f));
    }

    @Override
    public <U> DStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
        return narrow("flatMap", Stage.flatMap(f));
    }

    @Override
    public DStream<T> filter(Predicate<? super T> p) {
        return narrow("filter", Stage.filter(p));
    }

    @Override
    public <K, V> PairDStreamView<K, V> mapToPair(Function<? super T, Pair<K, V>> f) {
        return new PairDStreamView<>(context, new NarrowNode<>(graph(), "mapToPair", node, Stage.map(f)));
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
