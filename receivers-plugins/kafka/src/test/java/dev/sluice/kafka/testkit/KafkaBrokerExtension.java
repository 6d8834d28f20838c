package dev.sluice.kafka.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link KafkaBroker} for all the tests of a class, in a directory of its own that is deleted
 * afterwards: {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> brokerSettings;
    private Path dir;
    private KafkaBroker broker;

    public KafkaBrokerExtension() {
        this(Map.of());
    }

    /** A broker with {@code brokerSettings} set (as {@link KafkaBroker#start(Path, Map)} takes them). */
    public KafkaBrokerExtension(Map<String, String> brokerSettings) {
        this.brokerSettings = Map.copyOf(brokerSettings);
    }

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the class's tests; register this extension"
                    + " on a static field");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sluice-kafka-test");
        broker = KafkaBroker.start(dir.resolve("kafka"), brokerSettings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            broker.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
