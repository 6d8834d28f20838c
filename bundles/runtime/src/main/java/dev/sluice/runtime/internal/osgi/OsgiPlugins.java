package dev.sluice.runtime.internal.osgi;

import dev.sluice.api.spi.OperatorProvider;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.plugin.Plugins;

/** The plugin services currently registered, by type; the newest provider of a type wins. */
final class OsgiPlugins implements Plugins {

    private record Entry<P>(P provider, String bundle) {
    }

    private final Map<String, Entry<SourceProvider>> sources = new ConcurrentHashMap<>();
    private final Map<String, Entry<SinkProvider>> sinks = new ConcurrentHashMap<>();
    private final Map<String, Entry<OperatorProvider>> operators = new ConcurrentHashMap<>();

    void addOperator(String type, OperatorProvider p, String bundle) {
        operators.put(type, new Entry<>(p, bundle));
    }

    void removeOperator(String type, OperatorProvider p) {
        operators.computeIfPresent(type, (t, e) -> e.provider() == p ? null : e);
    }

    void addSource(String type, SourceProvider p, String bundle) {
        sources.put(type, new Entry<>(p, bundle));
    }

    void removeSource(String type, SourceProvider p) {
        sources.computeIfPresent(type, (t, e) -> e.provider() == p ? null : e);
    }

    void addSink(String type, SinkProvider p, String bundle) {
        sinks.put(type, new Entry<>(p, bundle));
    }

    void removeSink(String type, SinkProvider p) {
        sinks.computeIfPresent(type, (t, e) -> e.provider() == p ? null : e);
    }

    @Override
    public Optional<SourceProvider> source(String type) {
        return Optional.ofNullable(sources.get(type)).map(Entry::provider);
    }

    @Override
    public Optional<SinkProvider> sink(String type) {
        return Optional.ofNullable(sinks.get(type)).map(Entry::provider);
    }

    @Override
    public Optional<OperatorProvider> operator(String type) {
        return Optional.ofNullable(operators.get(type)).map(Entry::provider);
    }

    @Override
    public Collection<Object> all() {
        var all = new ArrayList<Object>();
        sources.values().forEach(e -> all.add(e.provider()));
        sinks.values().forEach(e -> all.add(e.provider()));
        operators.values().forEach(e -> all.add(e.provider()));
        return all;
    }

    @Override
    public List<PluginDescription> describe() {
        var all = new ArrayList<PluginDescription>();
        sources.forEach((t, e) -> all.add(new PluginDescription("source", t, e.bundle())));
        sinks.forEach((t, e) -> all.add(new PluginDescription("sink", t, e.bundle())));
        operators.forEach((t, e) -> all.add(new PluginDescription("operator", t, e.bundle(),
                e.provider().description(), e.provider().parameters())));
        all.sort(java.util.Comparator.comparing(PluginDescription::kind).thenComparing(PluginDescription::type));
        return all;
    }
}
