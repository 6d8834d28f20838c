package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.OperatorType;
import dev.sluice.api.spi.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code kafka-value}: the value of each record of a Kafka stream as text, or with {@code withKey}
 * the pair (key, value), so the rest of a declared stream works on lines. Records without a value
 * (tombstones) are dropped, and with {@code withKey} so are records without a key, as
 * {@code key-by} drops lines without one. Any other element counts as a value without a key.
 */
@Component(service = OperatorProvider.class)
@OperatorType("kafka-value")
public final class KafkaValue implements OperatorProvider {

    static final Parameter WITH_KEY = Parameter.of("withKey", "false",
            "give (key, value) pairs instead of values; records without a key are dropped");

    @Override
    public DStream<?> apply(DStream<?> input, Config config) {
        var records = Streams.<Object>of(input);
        if (config.bool(WITH_KEY.key(), false)) {
            return records.flatMapToPair(e -> {
                String key = e instanceof KafkaRecord<?, ?> r ? text(r.key()) : null;
                String value = valueOf(e);
                return key == null || value == null ? List.of() : List.of(Pair.of(key, value));
            });
        }
        return records.flatMap(e -> {
            String value = valueOf(e);
            return value == null ? List.of() : List.of(value);
        });
    }

    private static String valueOf(Object element) {
        return element instanceof KafkaRecord<?, ?> r ? text(r.value()) : text(element);
    }

    /** Bytes (the {@code bytes} deserializer's values) read as UTF-8, anything else by its toString. */
    static String text(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : o.toString();
    }

    @Override
    public String description() {
        return "the value of each Kafka record as text, or its (key, value)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(WITH_KEY);
    }
}
