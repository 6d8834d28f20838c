package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code window}: every element of the batches in the window, once per slide. */
@Component(service = OperatorProvider.class)
@OperatorType("window")
public final class Window implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        return Windowing.of(config, "window")
                .orElseThrow(() -> new ConfigException("window needs window, its length, e.g. window=30s"))
                .over(input);
    }

    @Override
    public String description() {
        return "the elements of a sliding window";
    }

    @Override
    public List<Parameter> parameters() {
        return Windowing.PARAMETERS;
    }
}
