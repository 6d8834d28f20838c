package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code count-by-value}: each distinct element with how often it occurs in the batch, or with
 * {@code window} in the window (values whose count falls to 0 leave it).
 */
@Component(service = OperatorProvider.class)
@OperatorType("count-by-value")
public final class CountByValue implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        DStream<Object> elements = Streams.of(input);
        return Windowing.of(config, "count-by-value")
                .map(w -> w.slide().isPresent() ? elements.countByValueAndWindow(w.window(), w.slide().get())
                        : elements.countByValueAndWindow(w.window()))
                .orElseGet(elements::countByValue);
    }

    @Override
    public String description() {
        return "counts each distinct element per batch or per window";
    }

    @Override
    public List<Parameter> parameters() {
        return Windowing.PARAMETERS;
    }
}
