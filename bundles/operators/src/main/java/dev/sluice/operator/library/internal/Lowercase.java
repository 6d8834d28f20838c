package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/** {@code lowercase}: each line in lower case (root locale, so the same everywhere). */
@Component(service = OperatorProvider.class)
@OperatorType("lowercase")
public final class Lowercase implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        return Streams.<Object>of(input).map(e -> String.valueOf(e).toLowerCase(Locale.ROOT));
    }

    @Override
    public String description() {
        return "each line in lower case";
    }
}
