package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/** {@code csv-column}: one column of each line; lines with fewer columns are dropped. */
@Component(service = OperatorProvider.class)
@OperatorType("csv-column")
public final class CsvColumn implements OperatorProvider {

    static final List<Parameter> PARAMETERS = List.of(
            Parameter.of("column", null, "the column, counted from 0"),
            Parameter.of("separator", ",", "the text between columns"));

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        var column = columnOf(config, "csv-column");
        return Streams.<Object>of(input).flatMap(e -> column.of(String.valueOf(e)).stream().toList());
    }

    /** The column {@code config} names: {@code column} and {@code separator}. */
    static Column columnOf(Config config, String operator) {
        if (!config.has("column")) {
            throw new ConfigException(operator + " needs column, the column's index counted from 0, e.g. column=2");
        }
        int index = config.integer("column", 0);
        if (index < 0) {
            throw new ConfigException(operator + ": column is counted from 0, got " + index);
        }
        return new Column(index, Pattern.compile(Pattern.quote(config.string("separator", ","))));
    }

    /** Column {@code index} of a line split at {@code separator}. */
    record Column(int index, Pattern separator) {
        Optional<String> of(String line) {
            String[] cells = separator.split(line, -1);
            return index < cells.length ? Optional.of(cells[index]) : Optional.empty();
        }
    }

    @Override
    public String description() {
        return "one column of each comma-separated line";
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }
}
