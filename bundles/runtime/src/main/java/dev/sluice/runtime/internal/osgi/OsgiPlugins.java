package dev.sluice.runtime.internal.osgi;

import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The plugin services currently registered, by kind and type; the newest provider of a type wins. */
final class OsgiPlugins implements Plugins {

    private record Entry(Object provider, String bundle) {
    }

    private final Map<PluginRef, Entry> plugins = new ConcurrentHashMap<>();

    /** Whether {@code provider} takes over from another provider of its type. */
    boolean add(PluginRef plugin, Object provider, String bundle) {
        return plugins.put(plugin, new Entry(provider, bundle)) != null;
    }

    /** Forgets {@code plugin} if {@code provider} is the one serving it (a newer one may have taken over); whether it was. */
    boolean remove(PluginRef plugin, Object provider) {
        var gone = new java.util.concurrent.atomic.AtomicBoolean();
        plugins.computeIfPresent(plugin, (t, e) -> {
            gone.set(e.provider() == provider);
            return gone.get() ? null : e;
        });
        return gone.get();
    }

    private <P> Optional<P> find(PluginRef.Kind kind, String type, Class<P> as) {
        return Optional.ofNullable(plugins.get(new PluginRef(kind, type))).map(e -> as.cast(e.provider()));
    }

    @Override
    public Optional<SourceProvider> source(String type) {
        return find(PluginRef.Kind.SOURCE, type, SourceProvider.class);
    }

    @Override
    public Optional<OperatorProvider> operator(String type) {
        return find(PluginRef.Kind.OPERATOR, type, OperatorProvider.class);
    }

    @Override
    public Optional<GroupMembership> group(String type) {
        return find(PluginRef.Kind.GROUP, type, GroupMembership.class);
    }

    @Override
    public Optional<SinkProvider> sink(String type) {
        return find(PluginRef.Kind.SINK, type, SinkProvider.class);
    }

    @Override
    public Optional<String> origin(PluginRef ref) {
        return Optional.ofNullable(plugins.get(ref)).map(Entry::bundle);
    }

    @Override
    public Collection<Object> all() {
        return plugins.values().stream().map(Entry::provider).toList();
    }

    @Override
    public List<PluginDescription> describe() {
        var all = new ArrayList<PluginDescription>();
        plugins.forEach((ref, e) -> all.add(e.provider() instanceof OperatorProvider op
                ? new PluginDescription(ref.kind().toString(), ref.type(), e.bundle(), op.description(),
                        op.parameters())
                : new PluginDescription(ref.kind().toString(), ref.type(), e.bundle())));
        all.sort(Comparator.comparing(PluginDescription::kind).thenComparing(PluginDescription::type));
        return all;
    }
}
