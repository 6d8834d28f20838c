package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code running-count}: every key seen so far (a pair's key, or the element) with how often it has
 * occurred since the stream started; its state is checkpointed as STAGE/counts.
 */
@Component(service = OperatorProvider.class)
@OperatorType("running-count")
public final class RunningCount implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        return Streams.<Object>of(input).mapToPair(e -> Pair.of(Streams.keyOf(e), 1L))
                .<Long>updateStateByKey((ones, total) -> Optional.of(total.orElse(0L) + ones.size()))
                .name("counts");
    }

    @Override
    public String description() {
        return "how often each key has occurred since the start (stateful)";
    }
}
