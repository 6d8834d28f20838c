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
 *
 * <p>A new version of an operator installed while a stream runs takes over its stages' state at
 * a batch boundary. When the state's type or meaning changes, raise {@link #stateVersion} and
 * give a {@link #migrateState migration} from the versions before; without one the new version
 * is refused and the stream holds until a fitting version arrives.
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

    /** The version of the state its stages keep (1 unless raised): a live upgrade migrates state of another version. */
    default int stateVersion() {
        return 1;
    }

    /**
     * This version's form of one state value (a key's state, or a window's reduced value) that
     * version {@code fromVersion} of this operator kept; called for every value at a live upgrade.
     * Throw {@link UnsupportedOperationException}, as the default does, when there is no migration
     * from that version: the upgrade is then refused, naming both versions.
     */
    default Object migrateState(int fromVersion, Object value) {
        throw new UnsupportedOperationException("no migration from state version " + fromVersion + " to "
                + stateVersion());
    }
}
