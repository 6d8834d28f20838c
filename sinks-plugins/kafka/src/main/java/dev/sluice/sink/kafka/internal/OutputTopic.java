package dev.sluice.sink.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check an output makes when its stream starts: a topic that does not exist, on brokers that
 * do not create topics, is refused with the fix, where Kafka's producer would warn every second
 * and give the batch up a minute later. What cannot be asked (Kafka unreachable, not authorized)
 * is not refused: the writes then wait for Kafka as they always did.
 */
final class OutputTopic {

    private static final Logger LOG = LoggerFactory.getLogger(OutputTopic.class);
    static final String AUTO_CREATE = "auto.create.topics.enable";
    /** How long the start waits for each answer before going on without the check. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private OutputTopic() {
    }

    /** Throws if {@code settings}' topic does not exist and the brokers will not create it at the first write. */
    static void requireWritable(KafkaSinkSettings settings) {
        String topic = settings.topic();
        var properties = new HashMap<String, Object>(settings.clientProperties());
        Admin admin = KafkaCalls.withKafkaLoader(() -> Admin.create(properties));
        try {
            if (exists(admin, topic).orElse(true)) {
                return;
            }
            Optional<Boolean> autoCreates = autoCreates(admin, topic);
            if (autoCreates.isEmpty()) {
                LOG.warn("The Kafka output's topic {} does not exist at {}, and whether the brokers create topics"
                        + " ({}) cannot be read; its batches wait until the topic exists", topic, settings.bootstrap(),
                        AUTO_CREATE);
            } else if (autoCreates.get()) {
                LOG.info("The Kafka output's topic {} does not exist at {} yet: the brokers create it at the first"
                        + " write ({}=true), with their default partitions", topic, settings.bootstrap(), AUTO_CREATE);
            } else {
                throw new SluiceException("the Kafka output's topic '" + topic + "' does not exist at "
                        + settings.bootstrap() + ", and the brokers do not create topics (" + AUTO_CREATE + "=false):"
                        + " create it (kafka-topics.sh --bootstrap-server " + settings.bootstrap() + " --create --topic "
                        + topic + " --partitions N) or set " + AUTO_CREATE + "=true on the brokers");
            }
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Whether Kafka has {@code topic}; empty when it did not say. */
    private static Optional<Boolean> exists(Admin admin, String topic) {
        try {
            return ask(() -> admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs()))
                    .allTopicNames().thenApply(t -> true), topic);
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.of(false);
        }
    }

    /** The brokers' {@value #AUTO_CREATE}, as the first broker the cluster names says; empty if it cannot be read. */
    private static Optional<Boolean> autoCreates(Admin admin, String topic) {
        Optional<Collection<Node>> nodes = ask(() -> admin.describeCluster().nodes(), topic);
        if (nodes.isEmpty() || nodes.get().isEmpty()) {
            return Optional.empty();
        }
        var broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.get().iterator().next().idString());
        Optional<Config> config = ask(() -> admin.describeConfigs(List.of(broker),
                new DescribeConfigsOptions().timeoutMs(timeoutMs())).all().thenApply(c -> c.get(broker)), topic);
        return config.map(c -> c.get(AUTO_CREATE)).map(ConfigEntry::value).map(Boolean::parseBoolean);
    }

    /** Kafka's answer; empty when it did not answer; a topic it does not know is thrown. */
    private static <T> Optional<T> ask(Supplier<KafkaFuture<T>> call, String topic) {
        try {
            return Optional.ofNullable(call.get().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
                throw unknown;
            }
            LOG.debug("Checking the Kafka output's topic {}: {}", topic, e.getCause().toString());
            return Optional.empty();
        } catch (TimeoutException e) {
            LOG.debug("Checking the Kafka output's topic {}: no answer within {} ms", topic, ASK_TIMEOUT.toMillis());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int timeoutMs() {
        return (int) ASK_TIMEOUT.toMillis();
    }
}
