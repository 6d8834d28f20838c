package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/** {@code split-words}: each line into its words, as {@code line.split(" ")} does by default. */
@Component(service = OperatorProvider.class)
@OperatorType("split-words")
public final class SplitWords implements OperatorProvider {

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        Pattern separator = Patterns.compile(config, "regex", "split-words")
                .orElse(Pattern.compile(Pattern.quote(config.string("separator", " "))));
        boolean dropEmpty = config.bool("dropEmpty", false);
        return Streams.<String>of(input).flatMap(line -> {
            List<String> words = Arrays.asList(separator.split(line));
            return dropEmpty ? words.stream().filter(w -> !w.isEmpty()).toList() : words;
        });
    }

    @Override
    public String description() {
        return "splits each line into words";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("separator", " ", "the text between words"),
                Parameter.of("regex", null, "a regular expression between words, instead of separator"),
                Parameter.of("dropEmpty", "false", "drop empty words (from repeated separators)"));
    }
}
