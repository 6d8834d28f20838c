package dev.sluice.itests.recovery.timed;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code word-lines-by-window}: a {@code groupByKeyAndWindow} over lines that each begin with a tag
 * of their own: each word of the window with the tags of the lines it occurs in (once per
 * occurrence), space-separated; a tag is a word of its own line, so a window's tags say which lines
 * it holds.
 */
public final class WordLinesByWindow implements OperatorProvider {

    public static final String TYPE = "word-lines-by-window";

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        Duration window = Duration.ofMillis(millis(config, "windowMs"));
        Duration slide = Duration.ofMillis(millis(config, "slideMs"));
        return ((DStream<String>) input).flatMapToPair(line -> {
            String[] words = line.trim().split("\\s+");
            var pairs = new ArrayList<Pair<String, String>>();
            for (String w : words) {
                if (!w.isEmpty()) {
                    pairs.add(Pair.of(w, words[0]));
                }
            }
            return pairs;
        }).groupByKeyAndWindow(window, slide).map(p -> Pair.of(p.key(), String.join(" ", p.value())));
    }

    private static long millis(Config config, String key) {
        String value = config.get(key).orElseThrow(() -> new ConfigException(TYPE + ": set " + key
                + ", in milliseconds"));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(TYPE + ": " + key + " must be a number of milliseconds, not " + value);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("windowMs", null, "the window's length, in ms"),
                Parameter.of("slideMs", null, "how often the window moves, in ms"));
    }
}
