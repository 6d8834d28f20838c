package dev.sluice.runtime.internal.plugin;

import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.OperatorProvider;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;

/** The source, operator and sink plugins a context can use: OSGi services in the container, ServiceLoader outside. */
public interface Plugins {

    Optional<SourceProvider> source(String type);

    Optional<SinkProvider> sink(String type);

    /** The operator plugin of a type; none where operators are not offered. */
    default Optional<OperatorProvider> operator(String type) {
        return Optional.empty();
    }

    /** The group membership plugin of a substrate type; none where groups are not offered. */
    default Optional<GroupMembership> group(String type) {
        return Optional.empty();
    }

    List<PluginDescription> describe();

    /** What serves {@code ref}, e.g. its bundle and version in the container; empty where not known. */
    default Optional<String> origin(PluginRef ref) {
        return Optional.empty();
    }

    /** Every installed source, operator and sink plugin. */
    Collection<Object> all();

    /** The record types the installed plugins declare, for serialization. */
    default List<Class<?>> recordTypes() {
        var types = new ArrayList<Class<?>>();
        for (Object plugin : all()) {
            if (plugin instanceof SourceProvider source) {
                types.addAll(source.recordTypes());
            } else if (plugin instanceof SinkProvider sink) {
                types.addAll(sink.recordTypes());
            } else if (plugin instanceof OperatorProvider operator) {
                types.addAll(operator.recordTypes());
            }
        }
        return types;
    }

    /** Those of {@code refs} no installed plugin serves. */
    default List<PluginRef> missing(Collection<PluginRef> refs) {
        return refs.stream().filter(r -> !has(r)).toList();
    }

    default boolean has(PluginRef ref) {
        return switch (ref.kind()) {
            case SOURCE -> source(ref.type()).isPresent();
            case OPERATOR -> operator(ref.type()).isPresent();
            case SINK -> sink(ref.type()).isPresent();
            case GROUP -> group(ref.type()).isPresent();
        };
    }

    /** The installed types of one kind, for error messages: {@code files, socket} or {@code none}. */
    default String installed(PluginRef.Kind kind) {
        String types = describe().stream().filter(d -> d.kind().equals(kind.toString()))
                .map(PluginDescription::type).sorted().collect(Collectors.joining(", "));
        return types.isEmpty() ? "none" : types;
    }

    default SourceProvider requireSource(String type) {
        return source(type).orElseThrow(() -> new MissingPluginException(PluginRef.source(type), this));
    }

    default OperatorProvider requireOperator(String type) {
        return operator(type).orElseThrow(() -> new MissingPluginException(PluginRef.operator(type), this));
    }

    default SinkProvider requireSink(String type) {
        return sink(type).orElseThrow(() -> new MissingPluginException(PluginRef.sink(type), this));
    }
}
