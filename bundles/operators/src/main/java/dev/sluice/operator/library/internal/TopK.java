package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code top-k}: the k pairs with the largest numeric values of each batch or window, largest
 * first, equal values by key; e.g. after count-by-value, the k most frequent elements.
 */
@Component(service = OperatorProvider.class)
@OperatorType("top-k")
public final class TopK implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        int k = config.integer("k", 10);
        if (k < 1) {
            throw new ConfigException("top-k: k must be at least 1, got " + k);
        }
        DStream<Pair<Object, Object>> pairs = Streams.<Object, Object>pairs(input);
        DStream<Pair<Object, Object>> scope = Windowing.of(config, "top-k").map(w -> w.over(pairs)).orElse(pairs);
        return scope.mapToPair(p -> Pair.of(p.key(), Numbers.of(p.value(), "top-k")))
                .transform(batch -> batch.sortBy(Rank::of, true, 1).mapPartitions(sorted -> {
                    var first = new ArrayList<Pair<Object, Number>>(k);
                    while (sorted.hasNext() && first.size() < k) {
                        first.add(sorted.next());
                    }
                    return first.iterator();
                }));
    }

    /** Largest value first; equal values in the order of their keys' text, so the output is the same every run. */
    private record Rank(Number value, String key) implements Comparable<Rank> {
        static Rank of(Pair<Object, Number> p) {
            return new Rank(p.value(), String.valueOf(p.key()));
        }

        @Override
        public int compareTo(Rank o) {
            int byValue = Numbers.compare(o.value, value);
            return byValue != 0 ? byValue : key.compareTo(o.key);
        }
    }

    @Override
    public String description() {
        return "the k pairs with the largest values per batch or per window";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("k", "10", "how many"), Windowing.PARAMETERS.get(0), Windowing.PARAMETERS.get(1));
    }
}
