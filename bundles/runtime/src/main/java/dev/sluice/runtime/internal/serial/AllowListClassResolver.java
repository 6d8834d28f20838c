package dev.sluice.runtime.internal.serial;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import dev.sluice.api.SluiceException;
import java.lang.reflect.Modifier;

/**
 * Writes each class by name the first time it appears in a block (its short id after that) and
 * resolves names only against the {@link RecordTypes}: stored data stays readable whatever the
 * registration order, and can never load a class that was not registered.
 */
final class AllowListClassResolver extends DefaultClassResolver {

    private final RecordTypes types;

    AllowListClassResolver(RecordTypes types) {
        this.types = types;
    }

    @Override
    public Registration registerImplicit(Class type) {
        if (!types.allows(type)) {
            throw new UnregisteredTypeException("cannot serialize a record of type " + type.getName()
                    + ": it is not a registered record type; " + RecordTypes.howToRegister(type.getName()));
        }
        return register(new Registration(type, serializerFor(type), NAME));
    }

    /**
     * Kryo's own serializer, except for JDK collections it could only rebuild by reflection into
     * the JDK (views, immutable and unmodifiable ones): those are read back as a plain list, set or map.
     */
    private Serializer<?> serializerFor(Class<?> type) {
        Serializer<?> standard;
        try {
            standard = kryo.getDefaultSerializer(type);
        } catch (RuntimeException e) { // e.g. a JDK class whose fields its module does not open
            throw new SluiceException("cannot serialize records of type " + type.getName() + ": " + e.getMessage()
                    + "; use a record or class of the application for its data", e);
        }
        boolean generic = standard instanceof CollectionSerializer || standard instanceof MapSerializer
                || standard instanceof FieldSerializer;
        return RecordTypes.isJdkCollection(type) && generic && !hasPublicNoArgConstructor(type)
                ? CopyingSerializers.forJdkCollection(type) : standard;
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    protected Class getTypeByName(String className) {
        Class<?> type = types.forName(className);
        if (type == null) {
            throw new UnregisteredTypeException("refusing to read a record of type " + className
                    + " from stored data: it is not a registered record type; "
                    + RecordTypes.howToRegister(className));
        }
        return type;
    }
}
