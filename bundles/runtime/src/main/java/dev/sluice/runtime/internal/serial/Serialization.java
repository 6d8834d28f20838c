package dev.sluice.runtime.internal.serial;

import dev.sluice.api.InvalidGraphException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A context's record types and its serializer, made when first needed: types can be registered
 * until then, and the set is fixed from then on. The installed plugins' types are added then too.
 */
public final class Serialization {

    private final Supplier<List<Class<?>>> pluginTypes;
    private final List<Class<?>> registered = new ArrayList<>();
    private RecordSerializer serializer;

    public Serialization(Supplier<List<Class<?>>> pluginTypes) {
        this.pluginTypes = pluginTypes;
    }

    public synchronized void register(Class<?>... types) {
        if (serializer != null) {
            throw new InvalidGraphException("cannot register record types " + Arrays.toString(types)
                    + " once data has been serialized; register them before start()");
        }
        registered.addAll(Arrays.asList(types));
    }

    public synchronized RecordSerializer serializer() {
        if (serializer == null) {
            var types = new ArrayList<>(registered);
            types.addAll(pluginTypes.get());
            serializer = new RecordSerializer(RecordTypes.of(types));
        }
        return serializer;
    }
}
