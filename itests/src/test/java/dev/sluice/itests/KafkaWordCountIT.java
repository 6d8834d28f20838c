package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * kafka-word-count in the assembled container against a real KRaft broker outside it: the Kafka
 * client bundle resolves, the source and sink plugins register, records travel Kafka in, word
 * count, Kafka out, and a read_committed consumer sees each word counted once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KafkaWordCountIT {

    private static final String APP = "kafka-word-count";
    private static final String BOOTSTRAP = "sluice.it.kafka.bootstrap";

    @Inject
    private StreamManager streams;

    @Configuration
    public Option[] configuration() throws Exception {
        return options(systemProperty(BOOTSTRAP).value(OutsideBroker.start("lines", "counts")),
                SluiceContainer.assembled());
    }

    @After
    public void stopTheStream() {
        streams.stop(APP);
    }

    @Test
    public void shouldCountTheWordsOfKafkaRecordsIntoATopicOnce() throws Exception {
        String brokers = System.getProperty(BOOTSTRAP);
        // the Kafka bundle also offers a group plugin of type kafka: look for the source and the sink
        Await.until("the Kafka source and sink among the plugins", streams::plugins, plugins ->
                plugins.stream().filter(p -> p.type().equals("kafka")).map(p -> p.kind()).toList()
                        .containsAll(List.of("source", "sink")));
        Await.until(APP + " in the stream manager's list", streams::list,
                list -> list.stream().anyMatch(s -> s.application().equals(APP)));
        try (var producer = withKafkaLoader(() ->
                new KafkaProducer<>(properties(brokers), new StringSerializer(), new StringSerializer()))) {
            producer.send(new ProducerRecord<>("lines", 0, null, "to be or not to be")).get();
            producer.send(new ProducerRecord<>("lines", 1, null, "be quick")).get();
        }

        streams.start(APP, Config.parse(List.of("brokers=" + brokers, "topics=lines", "out=counts",
                "startingOffsets=earliest", "batch=200ms")));

        Map<String, Integer> totals = Await.until("the counts in topic counts", () -> totals(brokers),
                t -> t.getOrDefault("be", 0) >= 3);
        assertEquals(Map.of("to", 2, "be", 3, "or", 1, "not", 1, "quick", 1), totals);
        // every record was taken, so the source reports no lag behind the end of its partitions
        var input = streams.metrics(APP).inputs().get(0);
        assertEquals(java.util.OptionalLong.of(0), input.lag());
    }

    /** Each word's counts over every batch, as a read_committed consumer of the output topic sees them. */
    private static Map<String, Integer> totals(String brokers) {
        var props = properties(brokers);
        props.put("isolation.level", "read_committed");
        var totals = new TreeMap<String, Integer>();
        try (var consumer = withKafkaLoader(() ->
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()))) {
            var partitions = new ArrayList<TopicPartition>();
            consumer.partitionsFor("counts", Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition("counts", p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> totals.merge(r.key(), Integer.parseInt(r.value()),
                        Integer::sum));
            }
        }
        return totals;
    }

    /**
     * Kafka loads its metrics reporters through the context class loader, which here also sees the
     * broker's Kafka classes outside the container: clients are made with the Kafka bundle's loader.
     */
    private static <T> T withKafkaLoader(Supplier<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return make.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Properties properties(String brokers) {
        var props = new Properties();
        props.put("bootstrap.servers", brokers);
        return props;
    }
}
