package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The key or value deserializer a stream's settings name: {@code string}, {@code bytes}, a class
 * the plugin can load, or an instance the application put in the config (the way to use an
 * application's own class in the container, where the plugin cannot see the application's
 * classes). The workers share it: Kafka's own deserializers are thread-safe, and an application's
 * must be too.
 */
final class Deserializers {

    private Deserializers() {
    }

    static Deserializer<?> from(Config config, String key, Map<String, Object> clientProperties, boolean isKey) {
        var given = config.object(key, Deserializer.class);
        if (given.isPresent()) {
            return given.get();
        }
        String name = config.string(key, "string").trim();
        Deserializer<?> deserializer = switch (name) {
            case "string" -> new StringDeserializer();
            case "bytes" -> new ByteArrayDeserializer();
            default -> instantiate(key, name);
        };
        deserializer.configure(clientProperties, isKey);
        return deserializer;
    }

    private static Deserializer<?> instantiate(String key, String className) {
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true,
                    context != null ? context : Deserializers.class.getClassLoader());
            return (Deserializer<?>) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ConfigException(key + ": cannot make a deserializer of class '" + className + "' (" + e
                    + "); name string, bytes, a public Kafka Deserializer class with a no-argument constructor, or"
                    + " put a Deserializer instance in the config");
        }
    }
}
