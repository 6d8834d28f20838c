package dev.sluice.sink.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key or value serializer an output's settings name: {@code string} (any element's
 * {@code toString()} in UTF-8), {@code bytes} (byte arrays as they are), a class the plugin can
 * load, or an instance the application put in the config (the way to use an application's own
 * class in the container). The workers share it, so it must be thread-safe, as Kafka's own are.
 */
final class Serializers {

    private Serializers() {
    }

    @SuppressWarnings("unchecked")
    static Serializer<Object> from(Config config, String key, Map<String, Object> clientProperties, boolean isKey) {
        var given = config.object(key, Serializer.class);
        if (given.isPresent()) {
            return given.get();
        }
        String name = config.string(key, "string").trim();
        Serializer<Object> serializer = switch (name) {
            case "string" -> (topic, o) -> o == null ? null : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
            case "bytes" -> (topic, o) -> bytes(key, o);
            default -> (Serializer<Object>) instantiate(key, name);
        };
        serializer.configure(clientProperties, isKey);
        return serializer;
    }

    private static byte[] bytes(String key, Object o) {
        if (o == null || o instanceof byte[]) {
            return (byte[]) o;
        }
        throw new ConfigException(key + "=bytes writes byte arrays, got a " + o.getClass().getName()
                + "; map the stream to byte[] or name another serializer");
    }

    private static Serializer<?> instantiate(String key, String className) {
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true,
                    context != null ? context : Serializers.class.getClassLoader());
            return (Serializer<?>) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ConfigException(key + ": cannot make a serializer of class '" + className + "' (" + e
                    + "); name string, bytes, a public Kafka Serializer class with a no-argument constructor, or"
                    + " put a Serializer instance in the config");
        }
    }
}
