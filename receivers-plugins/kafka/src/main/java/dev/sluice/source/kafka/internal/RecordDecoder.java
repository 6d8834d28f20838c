package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.kafka.KafkaHeader;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSourceContext;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the raw records the workers read into {@link KafkaRecord}s with the stream's
 * deserializers. A record they refuse fails its batch, naming where it is, or with
 * {@code onUndeserializable=skip} is counted, reported and left out.
 */
final class RecordDecoder<K, V> {

    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final boolean skip;
    private final BatchSourceContext context;
    private final AtomicLong skipped = new AtomicLong();

    RecordDecoder(Deserializer<K> keys, Deserializer<V> values, boolean skip, BatchSourceContext context) {
        this.keys = keys;
        this.values = values;
        this.skip = skip;
        this.context = context;
    }

    Optional<KafkaRecord<K, V>> decode(ConsumerRecord<byte[], byte[]> r) {
        K key;
        V value;
        try {
            key = keys.deserialize(r.topic(), r.headers(), r.key());
            value = values.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            String where = "the record at offset " + r.offset() + " of partition " + r.topic() + "-" + r.partition()
                    + " cannot be deserialized (" + e + ")";
            if (!skip) {
                throw new SluiceException(where + "; fix the deserializer settings or set onUndeserializable=skip", e);
            }
            context.reportError(where + "; skipped (" + skipped.incrementAndGet() + " skipped so far)", null);
            return Optional.empty();
        }
        var headers = new ArrayList<KafkaHeader>();
        for (Header h : r.headers()) {
            headers.add(new KafkaHeader(h.key(), h.value()));
        }
        return Optional.of(new KafkaRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), key, value, headers));
    }

    long skipped() {
        return skipped.get();
    }

    void reportLost(String problem) {
        context.reportError(problem + "; going on with what is left", null);
    }
}
