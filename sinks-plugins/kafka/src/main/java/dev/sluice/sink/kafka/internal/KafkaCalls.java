package dev.sluice.sink.kafka.internal;

import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Makes Kafka clients with the Kafka bundle's class loader as the thread's context class loader:
 * Kafka loads the classes its settings name (SASL login modules and callbacks, partitioners,
 * metrics reporters) through that loader, which on the job thread is not Kafka's own.
 */
final class KafkaCalls {

    private static final ClassLoader KAFKA_LOADER = KafkaProducer.class.getClassLoader();

    private KafkaCalls() {
    }

    static <T> T withKafkaLoader(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KAFKA_LOADER);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
