package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import java.util.Optional;
import java.util.function.BinaryOperator;
import org.osgi.service.component.annotations.Component;

/**
 * {@code running-sum}: every key seen so far with the sum of its numeric values since the stream
 * started; its state is checkpointed as STAGE/sums.
 */
@Component(service = OperatorProvider.class)
@OperatorType("running-sum")
public final class RunningSum implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        BinaryOperator<Number> sum = Numbers.function("sum");
        return Streams.<Object, Object>pairs(input).mapValues(v -> Numbers.of(v, "running-sum"))
                .<Number>updateStateByKey((values, total) -> {
                    Number next = total.orElse(0L);
                    for (Number v : values) {
                        next = sum.apply(next, v);
                    }
                    return Optional.of(next);
                })
                .name("sums");
    }

    @Override
    public String description() {
        return "the sum of each key's numbers since the start (stateful)";
    }
}
