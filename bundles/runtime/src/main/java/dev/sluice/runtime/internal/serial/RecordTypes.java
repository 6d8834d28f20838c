package dev.sluice.runtime.internal.serial;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The classes whose instances may be serialized: common JDK value and collection types, the API's
 * records, and what the application and plugins register. Reading resolves class names only
 * against this set, so stored bytes can never make the runtime load or instantiate anything else.
 */
public final class RecordTypes {

    private static final List<Class<?>> BUILT_IN = List.of(
            String.class, Boolean.class, Byte.class, Character.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Optional.class,
            java.time.Instant.class, java.time.Duration.class, java.time.LocalDate.class,
            java.time.LocalDateTime.class, java.time.LocalTime.class, java.time.ZonedDateTime.class,
            java.time.OffsetDateTime.class, java.time.ZoneOffset.class,
            ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class,
            TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
            Pair.class, Time.class);

    private final Map<String, Class<?>> byName;

    private RecordTypes(Map<String, Class<?>> byName) {
        this.byName = byName;
    }

    /** The built-in types plus {@code extra}; two different classes with one name are refused. */
    public static RecordTypes of(Collection<Class<?>> extra) {
        var byName = new LinkedHashMap<String, Class<?>>();
        BUILT_IN.forEach(c -> byName.put(c.getName(), c));
        for (Class<?> c : extra) {
            Class<?> known = byName.putIfAbsent(c.getName(), c);
            if (known != null && known != c) {
                throw new IllegalArgumentException("two different classes named " + c.getName()
                        + " are registered as record types (loaded by " + known.getClassLoader() + " and "
                        + c.getClassLoader() + "); register only one");
            }
        }
        return new RecordTypes(Map.copyOf(byName));
    }

    public static RecordTypes builtIn() {
        return of(List.of());
    }

    /**
     * Whether instances of {@code type} may be written: a registered class, an array of allowed
     * components, or a JDK collection (kept as its interface: list, set or map).
     */
    public boolean allows(Class<?> type) {
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            return component.isPrimitive() || component == Object.class || allows(component);
        }
        return byName.get(type.getName()) == type || isJdkCollection(type);
    }

    /** The allowed class with this name, or null. */
    public Class<?> forName(String name) {
        Class<?> type = byName.get(name);
        if (type != null) {
            return type;
        }
        if (name.startsWith("[")) {
            Class<?> array = arrayForName(name);
            return array != null && allows(array) ? array : null;
        }
        if (name.startsWith("java.util.")) {
            try {
                Class<?> jdk = Class.forName(name, false, null);
                return isJdkCollection(jdk) ? jdk : null;
            } catch (ClassNotFoundException e) {
                return null;
            }
        }
        return null;
    }

    private Class<?> arrayForName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        String element = name.substring(dims);
        Class<?> component = switch (element) {
            case "Z" -> boolean.class;
            case "B" -> byte.class;
            case "C" -> char.class;
            case "S" -> short.class;
            case "I" -> int.class;
            case "J" -> long.class;
            case "F" -> float.class;
            case "D" -> double.class;
            default -> element.startsWith("L") && element.endsWith(";")
                    ? componentForName(element.substring(1, element.length() - 1)) : null;
        };
        if (component == null) {
            return null;
        }
        return java.lang.reflect.Array.newInstance(component, new int[dims]).getClass();
    }

    private Class<?> componentForName(String name) {
        return name.equals("java.lang.Object") ? Object.class : forName(name);
    }

    /** A list, set or map implemented by the JDK itself (views and immutable ones included). */
    static boolean isJdkCollection(Class<?> type) {
        return type.getName().startsWith("java.util.") && type.getClassLoader() == null
                && (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)
                        || Map.class.isAssignableFrom(type));
    }

    /** For messages: how to register a type. */
    static String howToRegister(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        return "register it with StreamingContext.registerRecordTypes(" + simple + ".class), or keep the stream at "
                + "a deserialized storage level such as MEMORY_ONLY";
    }

    @Override
    public String toString() {
        return byName.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
}
