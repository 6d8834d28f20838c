package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StateSpec;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code running-count-updates}: the running count as {@code mapWithState} keeps it, giving only the
 * keys of the batch, each with how often it has occurred since the start (or since it last timed
 * out). Only those keys are touched, so a batch costs its records, not the whole state; a key quiet
 * for {@code timeout} is forgotten, giving nothing. Its state is checkpointed as STAGE/counts.
 */
@Component(service = OperatorProvider.class)
@OperatorType("running-count-updates")
public final class RunningCountUpdates implements OperatorProvider {

    static final String TIMEOUT = "timeout";

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        var spec = StateSpec.<Object, Long, Long, Pair<Object, Long>>function((key, record, state) -> {
            if (state.isTimingOut()) {
                return null;
            }
            long count = state.getOption().orElse(0L) + 1;
            state.update(count);
            return Pair.of(key, count);
        });
        Duration timeout = config.duration(TIMEOUT, null);
        return Streams.<Object>of(input).mapToPair(e -> Pair.of(Streams.keyOf(e), 1L))
                .mapWithState(timeout == null ? spec : spec.timeout(timeout))
                .name("counts");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of(TIMEOUT, null, "forget a key after this long without records, e.g. 10m (default: never)"));
    }

    @Override
    public String description() {
        return "each key of the batch with how often it has occurred since the start (mapWithState: "
                + "touches only the batch's keys)";
    }
}
