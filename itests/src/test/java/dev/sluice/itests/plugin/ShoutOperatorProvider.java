package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import java.util.Locale;

/** A third-party operator plugin, shipped as a bundle of its own by {@code OperatorPluginIT}: each line in capitals. */
public final class ShoutOperatorProvider implements OperatorProvider {

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        return ((DStream<String>) input).map(line -> line.toUpperCase(Locale.ROOT));
    }

    @Override
    public String description() {
        return "each line in capitals";
    }
}
