package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regular expressions from configuration, refused with the key and the reason when invalid. */
final class Patterns {

    private Patterns() {
    }

    static Optional<Pattern> compile(Config config, String key, String operator) {
        return config.get(key).map(regex -> {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(operator + ": " + key + " is not a regular expression: "
                        + e.getDescription() + " in '" + regex + "'");
            }
        });
    }
}
