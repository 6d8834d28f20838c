package dev.sluice.source.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumers the workers read ranges with, kept between batches (a consumer's connections and
 * metadata take a round trip or two to set up). A consumer serves one split at a time; the pool
 * never holds more than the workers that used it at once.
 */
final class ConsumerPool implements AutoCloseable {

    private final Map<String, Object> properties;
    private final ConcurrentLinkedDeque<Consumer<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConsumerPool(Map<String, Object> clientProperties) {
        var p = new HashMap<>(clientProperties);
        // the workers read exactly the ranges they are given: no group membership, no automatic reset
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        this.properties = Map.copyOf(p);
    }

    Consumer<byte[], byte[]> borrow() {
        Consumer<byte[], byte[]> consumer = idle.pollFirst();
        return consumer != null ? consumer : KafkaCalls.withKafkaLoader(() ->
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** Takes back a consumer that read its range to the end; one that failed is closed instead. */
    void giveBack(Consumer<byte[], byte[]> consumer) {
        consumer.unsubscribe();
        if (closed) {
            consumer.close();
        } else {
            idle.addFirst(consumer);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Consumer<byte[], byte[]> c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }
}
