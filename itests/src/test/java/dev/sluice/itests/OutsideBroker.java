package dev.sluice.itests;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Files;

/**
 * One real KRaft broker for the Kafka test, started in the test JVM outside the container (Kafka's
 * test kit is no bundle) when Exam asks for the container's configuration, and closed when the
 * JVM exits. Only that configuration method refers to this class: inside the container the test
 * reaches the broker through its address alone.
 */
final class OutsideBroker {

    private static KafkaBroker broker;

    private OutsideBroker() {
    }

    /** Starts the broker once, with {@code topics} (two partitions each), and returns its bootstrap address. */
    static synchronized String start(String... topics) throws Exception {
        if (broker == null) {
            KafkaBroker started = KafkaBroker.start(Files.createTempDirectory("sluice-kafka-it"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    // the JVM is going away; the broker's directory is a temporary one
                }
            }));
            for (String topic : topics) {
                started.createTopic(topic, 2);
            }
            broker = started;
        }
        return broker.bootstrapServers();
    }
}
