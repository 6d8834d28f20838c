package com.example.redact;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osgi.service.component.annotations.Component;

/**
 * Operator type {@code redact}: each line with every match of a regular expression replaced, e.g.
 * card numbers hidden before lines are stored. An operator plugin is three things: this class (a
 * Declarative Services component offering {@link OperatorProvider}, its type in
 * {@link OperatorType}), a {@code META-INF/services} entry for plain Java, and a bundle built by the
 * bnd plugin (see this module's pom). Build its stages from the stream it is given, with the DStream
 * API, and refuse a bad configuration with a {@link ConfigException} that names the key.
 */
@Component(service = OperatorProvider.class)
@OperatorType("redact")
public final class RedactOperator implements OperatorProvider {

    static final String REGEX = "regex";
    static final String WITH = "with";

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        Pattern regex = compile(config.string(REGEX, "\\d"));
        String with = config.string(WITH, "#");
        return ((DStream<Object>) input).map(e -> regex.matcher(String.valueOf(e)).replaceAll(with));
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException("redact: " + REGEX + " is not a regular expression: " + e.getDescription());
        }
    }

    @Override
    public String description() {
        return "replaces what matches a regular expression in each line";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of(REGEX, "\\d", "what to replace"),
                Parameter.of(WITH, "#", "what to replace it with"));
    }
}
