package dev.sluice.api.kafka;

import java.util.Arrays;
import java.util.Objects;

/** One header of a {@link KafkaRecord}: a name and its raw value (null when the header has none). */
public record KafkaHeader(String key, byte[] value) {

    public KafkaHeader {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "null" : value.length + " bytes");
    }
}
