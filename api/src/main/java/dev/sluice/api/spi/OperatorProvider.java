package dev.sluice.api.spi;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An operator plugin: given its configuration, it extends a stream with one or more stages built
 * with the DStream API itself (per record, per batch, windowed or stateful), and a stream applies
 * it by type with {@link DStream#via}. In OSGi it is a service with the property {@value #TYPE}
 * ({@link OperatorType}); outside, a {@link java.util.ServiceLoader} provider annotated with it.
 *
 * <p>The runtime names the stages an operator adds under the stage's name ({@code name} in its
 * configuration, else its type): a stage named {@code counts} that adds an {@code updateStateByKey}
 * named {@code totals} keeps its state as {@code counts/totals}, so state survives changes
 * elsewhere in the graph. Name the stateful streams you add.
 */
@ConsumerType
public interface OperatorProvider {

    /** The service property naming the operator type, e.g. {@code split-words}. */
    String TYPE = "sluice.operator.type";

    /**
     * Adds this operator's stages after {@code input} and returns the stream they produce.
     * Refuse a bad configuration with a {@link dev.sluice.api.ConfigException} naming the key.
     */
    DStream<?> apply(DStream<?> input, Config config);

    /** One line on what it does, for {@code stream:plugins}. */
    default String description() {
        return "";
    }

    /** The keys it takes, with defaults and descriptions, for {@code stream:plugins} and validation. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** The classes of the records its stages carry that must be serializable, as for sources and sinks. */
    default Collection<Class<?>> recordTypes() {
        return List.of();
    }
}
