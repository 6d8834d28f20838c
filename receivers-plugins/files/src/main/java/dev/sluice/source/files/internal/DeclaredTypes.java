package dev.sluice.source.files.internal;

import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;

/** The key and value classes a {@code fileStream} declares: records of other classes are a mistake worth naming. */
record DeclaredTypes(Class<?> formatClass, Class<?> keyClass, Class<?> valueClass) {

    Pair<Object, Object> pair(Object key, Object value) {
        return Pair.of(checked("keys", keyClass, key), checked("values", valueClass, value));
    }

    private Object checked(String what, Class<?> declared, Object o) {
        if (o != null && !declared.isInstance(o)) {
            throw new ConfigException("fileStream: " + formatClass.getName() + " reads " + what + " of "
                    + o.getClass().getName() + ", not the declared " + declared.getName());
        }
        return o;
    }
}
