package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code distinct}: each distinct element once per batch, or with {@code window} once per window. */
@Component(service = OperatorProvider.class)
@OperatorType("distinct")
public final class Distinct implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        DStream<Object> elements = Streams.of(input);
        return Windowing.of(config, "distinct").map(w -> w.over(elements)).orElse(elements)
                .transform((Dataset<Object> batch) -> batch.distinct());
    }

    @Override
    public String description() {
        return "each distinct element once per batch or per window";
    }

    @Override
    public List<Parameter> parameters() {
        return Windowing.PARAMETERS;
    }
}
