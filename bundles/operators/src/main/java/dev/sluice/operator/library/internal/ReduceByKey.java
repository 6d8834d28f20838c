package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.PairDStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.osgi.service.component.annotations.Component;

/** {@code reduce-by-key}: the sum, minimum or maximum of each key's numeric values per batch or window. */
@Component(service = OperatorProvider.class)
@OperatorType("reduce-by-key")
public final class ReduceByKey implements OperatorProvider {

    private static final Set<String> FUNCTIONS = Set.of("sum", "min", "max");

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        String name = config.string("function", "sum");
        if (!FUNCTIONS.contains(name)) {
            throw new ConfigException("reduce-by-key: function must be sum, min or max, got '" + name + "'");
        }
        BinaryOperator<Number> f = Numbers.function(name);
        PairDStream<Object, Number> values = Streams.<Object, Object>pairs(input)
                .mapValues(v -> Numbers.of(v, "reduce-by-key"));
        return Windowing.of(config, "reduce-by-key")
                .map(w -> w.slide().isPresent() ? values.reduceByKeyAndWindow(f, w.window(), w.slide().get())
                        : values.reduceByKeyAndWindow(f, w.window()))
                .orElseGet(() -> values.reduceByKey(f));
    }

    @Override
    public String description() {
        return "sum, min or max of each key's numbers per batch or per window";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("function", "sum", "sum, min or max"), Windowing.PARAMETERS.get(0),
                Windowing.PARAMETERS.get(1));
    }
}
