package dev.sluice.runtime.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Writes a JDK view or immutable collection like any other and reads it back as a plain one, in order. */
final class CopyingSerializers {

    private CopyingSerializers() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Serializer<?> forJdkCollection(Class<?> type) {
        if (Map.class.isAssignableFrom(type)) {
            return new MapSerializer() {
                @Override
                protected Map create(Kryo kryo, Input input, Class type, int size) {
                    return new LinkedHashMap<>(Math.max(16, size * 4 / 3 + 1));
                }
            };
        }
        boolean set = Set.class.isAssignableFrom(type);
        return new CollectionSerializer() {
            @Override
            protected Collection create(Kryo kryo, Input input, Class type, int size) {
                return set ? new LinkedHashSet<>(Math.max(16, size * 4 / 3 + 1)) : new ArrayList<>(size);
            }
        };
    }
}
