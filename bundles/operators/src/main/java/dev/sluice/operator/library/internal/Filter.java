package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/** {@code filter}: the lines that match a regular expression or contain a text, or with {@code not} those that do not. */
@Component(service = OperatorProvider.class)
@OperatorType("filter")
public final class Filter implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        if (config.has("regex") == config.has("contains")) {
            throw new ConfigException("filter takes one of regex or contains, e.g. contains=ERROR");
        }
        Predicate<String> match;
        if (config.has("regex")) {
            Pattern regex = Patterns.compile(config, "regex", "filter").orElseThrow();
            match = line -> regex.matcher(line).find();
        } else {
            String text = config.string("contains");
            match = line -> line.contains(text);
        }
        Predicate<String> keep = config.bool("not", false) ? match.negate() : match;
        return Streams.<Object>of(input).filter(e -> keep.test(String.valueOf(e)));
    }

    @Override
    public String description() {
        return "keeps the lines that match (or with not=true, that do not)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("regex", null, "a regular expression found in the line"),
                Parameter.of("contains", null, "a text contained in the line, instead of regex"),
                Parameter.of("not", "false", "keep the lines that do not match instead"));
    }
}
