package dev.sluice.itests.recovery.timed;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StateSpec;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code timed-running-count}: a {@code mapWithState} over words, giving each word with its running
 * count as it comes, and a word quiet for {@code timeoutMs} with its count negated as it times out
 * (its count then starts again from one). So the output tells, word by word, every record counted
 * and every timeout, in order. {@code initial} gives words a count to start from ({@code word:count,...}).
 */
public final class TimedRunningCount implements OperatorProvider {

    public static final String TYPE = "timed-running-count";

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        String timeout = config.get("timeoutMs").orElse("2000");
        long millis;
        try {
            millis = Long.parseLong(timeout);
        } catch (NumberFormatException e) {
            throw new ConfigException(TYPE + ": timeoutMs must be a number of milliseconds, not " + timeout);
        }
        return ((DStream<String>) input).mapToPair(w -> Pair.of(w, 1L)).mapWithState(
                StateSpec.<String, Long, Long, Pair<String, Long>>function((word, one, state) -> {
                    if (state.isTimingOut()) {
                        return Pair.of(word, -state.get());
                    }
                    long n = state.getOption().orElse(0L) + 1;
                    state.update(n);
                    return Pair.of(word, n);
                }).timeout(Duration.ofMillis(millis)).initialState(initial(config.get("initial").orElse(""))));
    }

    private static List<Pair<String, Long>> initial(String counts) {
        var initial = new ArrayList<Pair<String, Long>>();
        for (String entry : counts.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] wordCount = entry.trim().split(":");
            try {
                initial.add(Pair.of(wordCount[0], Long.parseLong(wordCount[1])));
            } catch (RuntimeException e) {
                throw new ConfigException(TYPE + ": initial takes word:count,..., not " + entry);
            }
        }
        return initial;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("timeoutMs", "2000", "how long a word stays quiet before it times out, in ms"),
                Parameter.of("initial", "", "the counts words start from, as word:count,..."));
    }
}
