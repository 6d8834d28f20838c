package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.exec.KeyExchangeStep;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import java.util.Optional;

/**
 * A keyed stage's way into its group's key exchange when its stream is shared: opened at its first
 * batch (the sources have started by then), under the stage's name, the same on every member.
 */
public final class ExchangedKeys {

    private final DStreamNode<?> node;
    private KeyExchange.Shuffle shuffle;

    public ExchangedKeys(DStreamNode<?> node) {
        this.node = node;
    }

    /** Batch {@code time}'s step through the exchange; empty when the stream is not shared. */
    public synchronized Optional<KeyExchangeStep> step(Time time) {
        DStreamGraph graph = node.graph();
        Optional<KeyExchange> keys = graph.keyExchange();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        if (shuffle == null) {
            shuffle = keys.get().open(graph.sharedGroup().orElseThrow(), DStreamGraph.shuffleName(node));
        }
        return Optional.of(new KeyExchangeStep(shuffle, graph.exchangeCodec(), time));
    }
}
