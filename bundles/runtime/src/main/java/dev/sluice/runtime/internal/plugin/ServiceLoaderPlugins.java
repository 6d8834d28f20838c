package dev.sluice.runtime.internal.plugin;

import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.OperatorProvider;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins found on the class path, outside OSGi; the type comes from {@link SourceType},
 * {@link OperatorType} or {@link SinkType}.
 */
public final class ServiceLoaderPlugins implements Plugins {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoaderPlugins.class);

    private final Map<String, SourceProvider> sources = new TreeMap<>();
    private final Map<String, SinkProvider> sinks = new TreeMap<>();
    private final Map<String, OperatorProvider> operators = new TreeMap<>();

    public ServiceLoaderPlugins(ClassLoader loader) {
        for (SourceProvider p : ServiceLoader.load(SourceProvider.class, loader)) {
            SourceType t = p.getClass().getAnnotation(SourceType.class);
            if (t == null) {
                LOG.warn("Source plugin {} has no @SourceType and is ignored", p.getClass().getName());
            } else {
                sources.putIfAbsent(t.value(), p);
            }
        }
        for (OperatorProvider p : ServiceLoader.load(OperatorProvider.class, loader)) {
            OperatorType t = p.getClass().getAnnotation(OperatorType.class);
            if (t == null) {
                LOG.warn("Operator plugin {} has no @OperatorType and is ignored", p.getClass().getName());
            } else {
                operators.putIfAbsent(t.value(), p);
            }
        }
        for (SinkProvider p : ServiceLoader.load(SinkProvider.class, loader)) {
            SinkType t = p.getClass().getAnnotation(SinkType.class);
            if (t == null) {
                LOG.warn("Sink plugin {} has no @SinkType and is ignored", p.getClass().getName());
            } else {
                sinks.putIfAbsent(t.value(), p);
            }
        }
    }

    @Override
    public Optional<OperatorProvider> operator(String type) {
        return Optional.ofNullable(operators.get(type));
    }

    @Override
    public Optional<SourceProvider> source(String type) {
        return Optional.ofNullable(sources.get(type));
    }

    @Override
    public Optional<SinkProvider> sink(String type) {
        return Optional.ofNullable(sinks.get(type));
    }

    @Override
    public Collection<Object> all() {
        var all = new ArrayList<Object>(sources.values());
        all.addAll(sinks.values());
        all.addAll(operators.values());
        return all;
    }

    @Override
    public List<PluginDescription> describe() {
        var all = new ArrayList<PluginDescription>();
        sources.forEach((t, p) -> all.add(new PluginDescription("source", t, p.getClass().getName())));
        sinks.forEach((t, p) -> all.add(new PluginDescription("sink", t, p.getClass().getName())));
        operators.forEach((t, p) -> all.add(new PluginDescription("operator", t, p.getClass().getName(),
                p.description(), p.parameters())));
        return all;
    }
}
