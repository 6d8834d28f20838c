package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.management.ClosestName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.lifecycle.Handover;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.settings.ContextSettings;
import dev.sluice.runtime.internal.time.Clock;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The arguments a stream is started with (its application's keys and the context keys), and the context they define. */
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

    /**
     * A context defined by {@code application} from {@code args}, going on from {@code handover} (null:
     * none) and reporting its batches to {@code listener}.
     */
    static StreamingContextImpl define(String stream, StreamingApplication application, Config args, Clock clock,
                                       Plugins plugins, Handover handover, StreamingListener listener) {
        var settings = new StreamingSettings(stream,
                ContextSettings.BATCH.find(args).orElse(application.defaultBatchInterval()),
                ContextSettings.PARALLELISM.find(args).orElse(ContextSettings.defaultParallelism()), args);
        var ctx = new StreamingContextImpl(settings, clock, plugins, handover);
        ctx.addStreamingListener(listener);
        // the application may set its own directory; a checkpoint argument is the default it overrides
        ContextSettings.CHECKPOINT.find(args).filter(d -> !d.isBlank()).ifPresent(ctx::checkpoint);
        application.define(ctx, withDefaults(application, args));
        return ctx;
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
