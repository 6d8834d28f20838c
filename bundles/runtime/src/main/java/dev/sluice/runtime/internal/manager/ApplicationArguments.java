package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.management.ClosestName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The arguments a stream is started with: its application's keys and the context keys. */
final class ApplicationArguments {

    private ApplicationArguments() {
    }

    /** Refuses a key neither the application nor the context takes, naming the closest one. */
    static void check(String stream, StreamingApplication application, Config arguments) {
        Set<String> known = Stream.concat(application.parameters().stream(), ContextSettings.parameters().stream())
                .map(Parameter::key).collect(Collectors.toCollection(TreeSet::new));
        for (String key : arguments.asMap().keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("unknown key '" + key + "' for " + stream
                        + ClosestName.didYouMean(key, known) + " (it takes " + String.join(", ", known) + ")");
            }
        }
    }

    /** The application sees its declared defaults for keys the user did not give. */
    static Config withDefaults(StreamingApplication application, Config given) {
        var defaults = new LinkedHashMap<String, String>();
        for (Parameter p : application.parameters()) {
            if (p.defaultValue() != null) {
                defaults.put(p.key(), p.defaultValue());
            }
        }
        return Config.of(defaults).with(given);
    }
}
