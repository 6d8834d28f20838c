package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import org.osgi.service.component.annotations.Component;

/** {@code trim}: each line without white space at its ends. */
@Component(service = OperatorProvider.class)
@OperatorType("trim")
public final class Trim implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        return Streams.<Object>of(input).map(e -> String.valueOf(e).strip());
    }

    @Override
    public String description() {
        return "each line without white space at its ends";
    }
}
