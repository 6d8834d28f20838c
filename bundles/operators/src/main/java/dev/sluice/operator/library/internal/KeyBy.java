package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * {@code key-by}: each line as a pair (key, line), the key taken from a CSV column, a JSON field or
 * the first group of a regular expression; lines without a key are dropped.
 */
@Component(service = OperatorProvider.class)
@OperatorType("key-by")
public final class KeyBy implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        Function<String, Optional<String>> key = keyOf(config);
        return Streams.<Object>of(input).flatMapToPair(e -> {
            String line = String.valueOf(e);
            return key.apply(line).map(k -> List.of(Pair.of(k, line))).orElse(List.of());
        });
    }

    private static Function<String, Optional<String>> keyOf(Config config) {
        int given = (config.has("column") ? 1 : 0) + (config.has("field") ? 1 : 0) + (config.has("regex") ? 1 : 0);
        if (given != 1) {
            throw new ConfigException("key-by takes one of column (a CSV column), field (a JSON field) or regex"
                    + " (its first group), e.g. column=0");
        }
        if (config.has("column")) {
            return CsvColumn.columnOf(config, "key-by")::of;
        }
        if (config.has("field")) {
            String[] path = JsonField.pathOf(config, "key-by");
            return line -> JsonField.textAt(line, path);
        }
        Pattern regex = Patterns.compile(config, "regex", "key-by").orElseThrow();
        return line -> {
            var m = regex.matcher(line);
            return m.find() ? Optional.ofNullable(m.groupCount() > 0 ? m.group(1) : m.group()) : Optional.empty();
        };
    }

    @Override
    public String description() {
        return "pairs each line with a key taken from it";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("column", null, "the key is this CSV column, counted from 0"),
                Parameter.of("separator", ",", "the text between CSV columns"),
                Parameter.of("field", null, "the key is this JSON field (a.b for nested)"),
                Parameter.of("regex", null, "the key is this regular expression's first group (or its match)"));
    }
}
