package dev.sluice.source.kafka.internal;

import static dev.sluice.api.kafka.Kafka.*;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** A Kafka stream's settings, read and checked once when the stream is made. */
record KafkaSourceSettings(Map<String, Object> clientProperties, List<String> topics, Optional<Pattern> topicPattern,
                           StartingOffsets startingOffsets, long maxRatePerPartition, OutOfRangePolicy outOfRange,
                           boolean skipUndeserializable, boolean commitOffsets, Duration pollTimeout,
                           Deserializer<?> keyDeserializer, Deserializer<?> valueDeserializer) {

    static final String POLL_TIMEOUT = "pollTimeout";

    static KafkaSourceSettings from(Config config) {
        Map<String, Object> client = clientProperties(config);
        List<String> topics = config.get(TOPICS).map(t -> Arrays.stream(t.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        Optional<Pattern> pattern = config.get(TOPIC_PATTERN).map(KafkaSourceSettings::pattern);
        if (topics.isEmpty() == pattern.isEmpty()) {
            throw new ConfigException("a Kafka stream reads either " + TOPICS + " (e.g. topics=orders,payments) or a "
                    + TOPIC_PATTERN + " (e.g. topicPattern=orders-.*), exactly one of them");
        }
        boolean commit = config.bool(COMMIT_OFFSETS, true);
        // a group is needed to commit; one named after what the stream reads keeps Kafka's tools readable
        client.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG,
                "sluice-" + pattern.map(Pattern::pattern).orElse(String.join(",", topics)));
        // exactly once end to end: a transactional producer's aborted records are never read
        client.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long maxRate = maxRate(config);
        String onBadRecord = config.string(ON_UNDESERIALIZABLE, "fail").trim();
        if (!onBadRecord.equals("fail") && !onBadRecord.equals("skip")) {
            throw new ConfigException(ON_UNDESERIALIZABLE + " must be fail or skip, got '" + onBadRecord + "'");
        }
        return new KafkaSourceSettings(Map.copyOf(client), topics, pattern,
                StartingOffsets.parse(config.get(STARTING_OFFSETS), config.get(STARTING_TIMESTAMP)), maxRate,
                OutOfRangePolicy.parse(config.string(ON_OFFSET_OUT_OF_RANGE, "fail")), onBadRecord.equals("skip"),
                commit, config.duration(POLL_TIMEOUT, Duration.ofSeconds(60)),
                Deserializers.from(config, KEY_DESERIALIZER, client, true),
                Deserializers.from(config, VALUE_DESERIALIZER, client, false));
    }

    /** Every {@code kafka.<setting>} as Kafka's client takes it; the bootstrap servers are required. */
    static Map<String, Object> clientProperties(Config config) {
        var client = new LinkedHashMap<String, Object>();
        config.asMap().forEach((k, v) -> {
            if (k.startsWith(CLIENT_PREFIX)) {
                client.put(k.substring(CLIENT_PREFIX.length()), v);
            }
        });
        if (!client.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException("missing " + BOOTSTRAP_SERVERS + ": the Kafka brokers to connect to, e.g. "
                    + BOOTSTRAP_SERVERS + "=broker1:9092,broker2:9092");
        }
        return client;
    }

    private static long maxRate(Config config) {
        String text = config.string(MAX_RATE_PER_PARTITION, "0").trim();
        try {
            long rate = Long.parseLong(text);
            if (rate >= 0) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(MAX_RATE_PER_PARTITION + " must be records per second (0 for no limit), got '" + text
                + "'");
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(TOPIC_PATTERN + " is not a valid regular expression: " + e.getDescription()
                    + " in '" + regex + "'");
        }
    }

    /** Whether this stream reads {@code topic}. */
    boolean reads(String topic) {
        return topicPattern.map(p -> !topic.startsWith("__") && p.matcher(topic).matches())
                .orElseGet(() -> topics.contains(topic));
    }

    /**
     * The settings of several inputs read as one ({@link JoinedInputs}): every topic of each, with
     * their common client and planning settings; records are read as bytes, each input decoding its
     * own. Inputs that reach the cluster differently or plan their batches differently cannot be
     * read as one and get a {@link ConfigException} naming the setting.
     */
    static KafkaSourceSettings joined(List<KafkaSourceSettings> inputs) {
        KafkaSourceSettings first = inputs.get(0);
        for (KafkaSourceSettings other : inputs.subList(1, inputs.size())) {
            // each names its own group after its topics (a shared stream's group is the stream's); values
            // are not shown, since they may hold credentials
            var differing = new java.util.TreeSet<String>();
            first.clientProperties.keySet().forEach(differing::add);
            differing.addAll(other.clientProperties.keySet());
            differing.removeIf(k -> k.equals(ConsumerConfig.GROUP_ID_CONFIG)
                    || java.util.Objects.equals(first.clientProperties.get(k), other.clientProperties.get(k)));
            if (!differing.isEmpty()) {
                throw new ConfigException("the Kafka inputs of " + first.subscription() + " and of "
                        + other.subscription() + " in one shared stream are read as one, so they need the same client"
                        + " settings, and " + differing.stream().map(k -> CLIENT_PREFIX + k).toList() + " differ;"
                        + " give both inputs the same values");
            }
            sameIn(first, other, STARTING_OFFSETS, first.startingOffsets, other.startingOffsets);
            sameIn(first, other, MAX_RATE_PER_PARTITION, first.maxRatePerPartition, other.maxRatePerPartition);
            sameIn(first, other, ON_OFFSET_OUT_OF_RANGE, first.outOfRange, other.outOfRange);
        }
        List<String> topics = inputs.stream().flatMap(i -> i.topics.stream()).distinct().toList();
        Optional<Pattern> pattern = Optional.empty();
        if (inputs.stream().anyMatch(i -> i.topicPattern.isPresent())) {
            pattern = Optional.of(Pattern.compile(String.join("|", inputs.stream().map(i -> i.topicPattern
                    .map(p -> "(?:" + p.pattern() + ")").orElseGet(() -> String.join("|", i.topics.stream()
                            .map(Pattern::quote).toList()))).toList())));
            topics = List.of();
        }
        return new KafkaSourceSettings(first.clientProperties, topics, pattern, first.startingOffsets,
                first.maxRatePerPartition, first.outOfRange, first.skipUndeserializable, first.commitOffsets,
                first.pollTimeout, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void sameIn(KafkaSourceSettings one, KafkaSourceSettings other, String what, Object a, Object b) {
        if (!a.equals(b)) {
            throw new ConfigException("the Kafka inputs of " + one.subscription() + " and of " + other.subscription()
                    + " in one shared stream are read as one, so they need the same " + what + ", not " + a + " and "
                    + b + "; give both inputs the same value");
        }
    }

    String subscription() {
        return topicPattern.map(p -> "topics matching " + p.pattern()).orElse("topics " + String.join(",", topics));
    }

    /** The most records one partition gives a batch of {@code interval}; unlimited without a rate. */
    long maxRecordsPerPartition(Duration interval) {
        if (maxRatePerPartition <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, maxRatePerPartition * interval.toMillis() / 1000);
    }
}
