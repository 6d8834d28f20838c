package dev.sluice.benchmarks;

import dev.sluice.api.Config;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka benchmark's broker: a real single-node KRaft cluster (the Kafka tests' broker) in its own
 * JVM on loopback, with the input topic filled before any engine reads it, so that the engines
 * measured one after the other read the very same records and no producer competes with them.
 *
 * <p>Arguments {@code key=value}: {@code dir} (its logs), {@code bootstrapFile} (written once the
 * topic is full: the address to connect to), {@code topic} (words), {@code partitions} (2),
 * {@code records} (how many to load), {@code seed} (7) and {@code poolSize} (65536): the load
 * generator's records, value = one line without its newline, record i to partition i mod partitions;
 * with {@code keys=N} the records of a key space of N distinct words instead (see
 * {@link RecordPool#keySpace}), for state of N keys. Runs until killed.
 */
public final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(Arrays.asList(args));
        String topic = config.string("topic", "words");
        int partitions = config.integer("partitions", 2);
        long records = Long.parseLong(config.string("records", "1000000"));
        KafkaBroker broker = KafkaBroker.start(Path.of(config.string("dir")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("closing the broker failed: " + e);
            }
        }));
        broker.createTopic(topic, partitions);
        RecordPool pool = config.has("keys")
                ? RecordPool.keySpace(config.integer("keys", 0), config.integer("seed", 7))
                : RecordPool.generate(config.integer("poolSize", 1 << 16), config.integer("seed", 7));
        long started = System.nanoTime();
        load(broker, topic, partitions, pool, records);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf(Locale.ROOT, "loaded %d records (%.1f bytes on average) into %s (%d partitions) in %.1f s%n",
                records, pool.averageRecordBytes() - 1, topic, partitions, seconds);
        Path file = Path.of(config.string("bootstrapFile"));
        Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), broker.bootstrapServers(),
                StandardCharsets.US_ASCII);
        Files.move(written, file);
        Thread.currentThread().join();
    }

    private static void load(KafkaBroker broker, String topic, int partitions, RecordPool pool, long records) {
        Properties props = broker.clientProperties();
        props.put("linger.ms", "20");
        props.put("batch.size", String.valueOf(1 << 19));
        props.put("buffer.memory", String.valueOf(256L << 20));
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, pool.value((int) (i % pool.size()))));
            }
            producer.flush();
        }
    }
}
