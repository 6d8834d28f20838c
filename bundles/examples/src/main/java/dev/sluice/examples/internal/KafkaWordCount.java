package dev.sluice.examples.internal;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import java.time.Duration;
import java.util.Map;

/**
 * kafka-word-count as a plain Java program, no container: the Sluice runtime, the Kafka plugins and
 * kafka-clients on the class path are enough.
 * <pre>java -cp ... dev.sluice.examples.internal.KafkaWordCount local[2] localhost:9092 lines counts</pre>
 */
public final class KafkaWordCount {

    private KafkaWordCount() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("Usage: KafkaWordCount <master> <brokers> <topics> <output topic>");
            System.exit(2);
        }
        try (StreamingContext ssc = StreamingContext.create(args[0], "KafkaWordCount", Duration.ofSeconds(1))) {
            new KafkaWordCountApplication().define(ssc, Config.of(Map.of(KafkaWordCountApplication.BROKERS, args[1],
                    KafkaWordCountApplication.TOPICS, args[2], KafkaWordCountApplication.OUT, args[3])));
            ssc.start();
            ssc.awaitTermination();
        }
    }
}
