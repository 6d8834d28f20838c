package dev.sluice.runtime.internal.plugin;

/** A plugin a stream needs: a {@code source}, {@code operator} or {@code sink} of some type. */
public record PluginRef(Kind kind, String type) {

    public enum Kind {
        SOURCE, OPERATOR, SINK, GROUP;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static PluginRef source(String type) {
        return new PluginRef(Kind.SOURCE, type);
    }

    public static PluginRef operator(String type) {
        return new PluginRef(Kind.OPERATOR, type);
    }

    /** The substrate that keeps a group of containers, e.g. {@code kafka}. */
    public static PluginRef group(String type) {
        return new PluginRef(Kind.GROUP, type);
    }

    public static PluginRef sink(String type) {
        return new PluginRef(Kind.SINK, type);
    }

    @Override
    public String toString() {
        return kind + " plugin '" + type + "'";
    }

    /** {@code refs} in words, e.g. {@code source plugin 'kafka', sink plugin 'kafka'}. */
    public static String describe(java.util.Collection<PluginRef> refs) {
        return String.join(", ", refs.stream().map(PluginRef::toString).toList());
    }
}
