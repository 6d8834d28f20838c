package dev.sluice.runtime.internal.dstream;

import java.time.Duration;
import dev.sluice.api.DStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.runtime.internal.graph.DStreamNode;

/**
 * countByWindow and reduceByWindow with an inverse: the value of a one-key incremental window.
 * The window below holds the state, so the name and checkpoint interval given to this stream are
 * the window's: its state is bound to the name the application chose.
 */
final class WindowValueView<T> extends DStreamView<T> {

    private final DStreamNode<?> window;

    WindowValueView(StreamingContext context, DStreamNode<T> node, DStreamNode<?> window) {
        super(context, node);
        this.window = window;
    }

    @Override
    public DStream<T> name(String name) {
        window.setName(name);
        node.setName(name + "/value");
        return this;
    }

    @Override
    public DStream<T> checkpoint(Duration interval) {
        window.checkpoint(interval);
        return this;
    }
}
