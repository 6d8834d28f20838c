package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import dev.sluice.api.spi.OperatorProvider;

/** A version of the counting stage whose state is another type, with no way from the old one. */
public final class TextStateOperatorProvider implements OperatorProvider {

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        return ((DStream<String>) input)
                .mapToPair(word -> Pair.of(word, word))
                .<TextState>updateStateByKey((words, state) -> Optional.of(new TextState(String.join("", words))))
                .map(p -> "v3:" + p.key() + "=" + p.value().text());
    }

    /** Its state is not the count's: a new state version, with no migration from the count's. */
    @Override
    public int stateVersion() {
        return 2;
    }

    @Override
    public Collection<Class<?>> recordTypes() {
        return List.of(TextState.class);
    }
}
