package dev.sluice.kafka;

import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Makes Kafka clients with this bundle's class loader as the thread's context class loader: Kafka
 * loads the classes its settings name (SASL login modules and callbacks, assignors, partitioners,
 * metrics reporters) through that loader, which on a worker, scheduler or job thread is not
 * Kafka's own. The Kafka source and sink make every client through here.
 */
public final class KafkaCalls {

    /** The loader Kafka's classes come from. */
    public static final ClassLoader LOADER = KafkaConsumer.class.getClassLoader();

    private KafkaCalls() {
    }

    public static <T> T withKafkaLoader(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
