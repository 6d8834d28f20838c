package dev.sluice.runtime.internal.operators.state;

/**
 * Whether a new state can keep the instance it replaces: an equal boxed number, boolean,
 * character or string. A large state whose counts mostly do not change each batch then writes
 * nothing into the old instances' tables, and gives the collector no new objects to keep. Other
 * types are always replaced: their equality may not cover everything they hold.
 */
final class SameValue {

    private SameValue() {
    }

    static boolean same(Object before, Object after) {
        if (before == after) {
            return true;
        }
        return after != null && isJdkValue(after) && after.equals(before);
    }

    /**
     * Whether {@code after} certainly holds what {@code before} held: an equal JDK value. Another
     * object, even the same instance, may have been changed in place by the user's function.
     */
    static boolean unchanged(Object before, Object after) {
        return after != null && isJdkValue(after) && after.equals(before);
    }

    /** Only the JDK's own immutable value classes, not an application's subclass of Number. */
    private static boolean isJdkValue(Object value) {
        Class<?> c = value.getClass();
        return c == Integer.class || c == Long.class || c == String.class || c == Double.class || c == Float.class
                || c == Short.class || c == Byte.class || c == Boolean.class || c == Character.class;
    }
}
