package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.spi.OperatorProvider;

/**
 * Running counts of words, each printed with the version of the bundle that counted it
 * ({@code v2:hello=3}): what a live upgrade test watches change while the counts go on.
 */
public final class CountingOperatorProvider implements OperatorProvider {

    private final String version;

    public CountingOperatorProvider(String version) {
        this.version = version;
    }

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        String tag = version;
        return ((DStream<String>) input)
                .mapToPair(word -> Pair.of(word, 1L))
                .<CountState>updateStateByKey((ones, state) -> Optional.of(
                        state.orElse(new CountState(0)).plus(ones.size())))
                .map(p -> tag + ":" + p.key() + "=" + p.value().count());
    }

    @Override
    public Collection<Class<?>> recordTypes() {
        return List.of(CountState.class);
    }

    @Override
    public String description() {
        return "running counts of words, tagged with the plugin's version";
    }
}
