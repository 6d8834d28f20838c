package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared stream's key exchange on Kafka, one per group in a container: a repartition topic per
 * keyed stage ({@code sluice-GROUP-repartition-STAGE}, as many partitions as the input topic with
 * the most, so the keys spread as the input does), whose partitions the group's consumer group
 * divides among the members with the input's. The map side ({@link MapSideWriter}; for stages
 * reading other keyed stages, {@link ChainedHandOver}) and the reduce side ({@link ReduceSideReader})
 * do the work. The stages reading the same upstreams (the input, or the same keyed stages) hand
 * over each batch together, in one transaction that commits those upstreams' progress once; the Kafka source makes it when the runtime names
 * keyed stages in its config, and {@link KafkaKeyExchange} finds it by the group's name.
 */
final class GroupExchange implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupExchange.class);
    private static final Map<String, GroupExchange> BY_GROUP = new ConcurrentHashMap<>();

    /** What the map side needs of the input: the part of each batch this member read, and its group. */
    interface Input {

        /** The input partitions batch {@code batch} covered here and where each stands after it; empty when void. */
        Optional<Map<TopicPartition, Long>> handedOver(long batch);

        /** The group refused the offsets of batch {@code batch}: the input reads them again from the committed ones. */
        void refused(long batch);
    }

    private final String group;
    /** Keyed stage to its repartition topic, and each topic's partition count. */
    private final Map<String, String> topics;
    private final Map<String, Integer> partitions;
    /** The repartition topics of the stages reading the input, with their partition counts: the input's markers go there. */
    private final Map<String, Integer> inputKeyTopics = new HashMap<>();
    /** Repartition topic of a stage reading other keyed stages, to their repartition topics. */
    private final Map<String, List<String>> upstreamTopics = new HashMap<>();
    /** Per repartition topic of a stage reading other keyed stages, the hand-over of every reader of those. */
    private final Map<String, ChainedHandOver> chainedHandOvers = new HashMap<>();
    /** Per repartition topic read by other keyed stages, the hand-over of its readers. */
    private final Map<String, ChainedHandOver> handOverOfUpstream = new ConcurrentHashMap<>();
    private final MapSideWriter writer;
    private final Map<String, Object> clientProperties;
    /** The keyed stages that keep state, and then each one's changelog. */
    private final List<String> stateShuffles;
    private final Map<String, ChangelogTopic> changelogs = new ConcurrentHashMap<>();
    /** Where the changelogs' snapshots go, if the runtime gave a directory; each changelog's delete.retention.ms. */
    private final Optional<GroupShare.Snapshots> snapshots;
    private final Map<String, Duration> deleteRetentions;
    private ReduceSideReader reader;
    private PartitionOwnership ownership;
    private Input input;

    private GroupExchange(String group, Map<String, String> topics, Map<String, Integer> partitions,
                          List<String> stateShuffles, Map<String, List<String>> chained,
                          Map<String, Object> clientProperties, Optional<GroupShare.Snapshots> snapshots,
                          Map<String, Duration> deleteRetentions) {
        this.stateShuffles = stateShuffles;
        this.snapshots = snapshots;
        this.deleteRetentions = Map.copyOf(deleteRetentions);
        this.group = group;
        this.topics = topics;
        this.partitions = partitions;
        topics.forEach((shuffle, topic) -> {
            if (chained.containsKey(shuffle)) {
                upstreamTopics.put(topic, chained.get(shuffle).stream().map(topics::get).sorted().toList());
            } else {
                inputKeyTopics.put(topic, partitions.get(topic));
            }
        });
        this.writer = new MapSideWriter(group, clientProperties);
        this.clientProperties = clientProperties;
    }

    static String topicOf(String group, String shuffle) {
        return "sluice-" + group + "-repartition-" + shuffle;
    }

    /** Whether {@code topic} is named as {@link #topicOf} names a repartition topic. */
    static boolean isRepartitionTopic(String topic) {
        return topic.startsWith("sluice-") && topic.contains("-repartition-");
    }

    /**
     * The exchange of {@code shuffles}, its repartition topics made if they do not exist yet, and the
     * changelog topics of {@code stateShuffles} (those of them that keep state); {@code chained} maps
     * each stage that reads other keyed stages to those stages.
     */
    static GroupExchange create(String group, List<String> shuffles, List<String> stateShuffles,
                                Map<String, List<String>> chained, Optional<GroupShare.Snapshots> snapshots,
                                KafkaSourceSettings settings) {
        var topics = new LinkedHashMap<String, String>();
        shuffles.forEach(s -> topics.put(s, topicOf(group, s)));
        chained.forEach((stage, upstreams) -> upstreams.forEach(upstream -> {
            if (!topics.containsKey(stage) || !topics.containsKey(upstream)) {
                throw new SluiceException("the chained keyed stages " + stage + "=" + upstream + " are not among the"
                        + " keyed stages " + topics.keySet() + " of group " + group + "; every member must run the"
                        + " same graph");
            }
        }));
        var retentions = new HashMap<String, Duration>();
        Map<String, Integer> partitions = KafkaCalls.withKafkaLoader(() -> {
            try (Admin admin = Admin.create(settings.clientProperties())) {
                Map<String, Integer> counts = ExchangeTopics.ensureRepartition(admin, settings, topics.values());
                for (String stateful : stateShuffles) {
                    String keyTopic = topics.get(stateful);
                    if (keyTopic == null) {
                        throw new SluiceException("the stage " + stateful + " keeps state but is not among the keyed"
                                + " stages " + topics.keySet() + " of group " + group);
                    }
                    String changelog = ChangelogTopic.topicOf(group, stateful);
                    ExchangeTopics.ensureChangelog(admin, changelog, counts.get(keyTopic));
                    if (snapshots.isPresent()) {
                        retentions.put(changelog, ExchangeTopics.deleteRetention(admin, changelog));
                    }
                }
                return counts;
            }
        });
        return new GroupExchange(group, topics, partitions, List.copyOf(stateShuffles), Map.copyOf(chained),
                settings.clientProperties(), snapshots, retentions);
    }

    Set<String> topics() {
        return Set.copyOf(topics.values());
    }

    /** Starts with the group's partitions held by {@code ownership}; the input partitions' set from {@code inputs}. */
    void start(Input input, PartitionOwnership ownership, Map<String, Object> clientProperties,
               Supplier<Set<TopicPartition>> inputs, Consumer<String> status) {
        this.input = input;
        this.ownership = ownership;
        var outputTopics = new java.util.HashSet<>(topics.values());
        upstreamTopics.values().forEach(outputTopics::removeAll);
        this.reader = new ReduceSideReader(clientProperties, ownership, topic -> upstreamTopics.containsKey(topic)
                ? upstreamPartitions(upstreamTopics.get(topic)) : inputs.get(), outputTopics, this::mayTake, status);
        // one hand-over for all the stages reading the same keyed stages
        var byUpstreams = new HashMap<List<String>, Map<String, Integer>>();
        upstreamTopics.forEach((topic, upstreams) -> byUpstreams.computeIfAbsent(upstreams, u -> new HashMap<>())
                .put(topic, partitions.get(topic)));
        byUpstreams.forEach((upstreams, readers) -> {
            var handOver = new ChainedHandOver(group, readers, upstreams, writer, reader, ownership, status);
            readers.keySet().forEach(topic -> chainedHandOvers.put(topic, handOver));
            upstreams.forEach(upstream -> handOverOfUpstream.put(upstream, handOver));
        });
        for (String stateful : stateShuffles) {
            String keyTopic = topics.get(stateful);
            String changelogTopic = ChangelogTopic.topicOf(group, stateful);
            Optional<ChangelogTopic.Snapshots> kept = snapshots.map(s ->
                    new ChangelogTopic.Snapshots(new StateSnapshots(s.files(), changelogTopic,
                            deleteRetentions.get(changelogTopic)), s.interval()));
            var changelog = new ChangelogTopic(changelogTopic, clientProperties, kept,
                    new ChangelogTopic.KeyPartitions() {
                        @Override
                        public Set<Integer> restartedIn(long batch) {
                            return reader.restartedIn(keyTopic, batch);
                        }

                        @Override
                        public void readAgain(Set<Integer> partitions) {
                            reader.readAgain(keyTopic, partitions);
                        }
                    });
            reader.keepState(keyTopic, changelog);
            changelogs.put(stateful, changelog);
        }
        BY_GROUP.put(group, this);
    }

    /**
     * Whether batch {@code batch} may take key partition {@code partition}: always, unless other keyed
     * stages read it, whose map side marks when it may ({@link ChainedHandOver#mayTake}).
     */
    private boolean mayTake(TopicPartition partition, long batch) {
        ChainedHandOver handOver = handOverOfUpstream.get(partition.topic());
        return handOver == null || handOver.mayTake(partition, batch);
    }

    /** Every key partition of the repartition topics {@code upstreams}: each hands every batch over. */
    private Set<TopicPartition> upstreamPartitions(List<String> upstreams) {
        var all = new java.util.HashSet<TopicPartition>();
        upstreams.forEach(u -> all.addAll(ChainedHandOver.all(u, partitions.get(u))));
        return Set.copyOf(all);
    }

    /** The key partitions this member owns now. */
    Set<TopicPartition> ownedKeyPartitions() {
        var owned = new java.util.HashSet<TopicPartition>();
        topics.values().forEach(t -> owned.addAll(ownership.ownedOf(t)));
        return owned;
    }

    /** The output's view of what this member consumed: the key partitions it reduced. */
    ReduceSideReader reduceSide() {
        return reader;
    }

    static Optional<GroupExchange> of(String group) {
        return Optional.ofNullable(BY_GROUP.get(group));
    }

    KeyExchange.Shuffle shuffle(String name) {
        String topic = topics.get(name);
        if (topic == null) {
            throw new SluiceException("group " + group + " exchanges the keys of " + topics.keySet() + ", not of "
                    + name + "; every member must run the same graph");
        }
        return new TopicShuffle(name, topic, partitions.get(topic));
    }

    /** One keyed stage's exchange through its repartition topic. */
    private final class TopicShuffle implements KeyExchange.Shuffle {

        private final String name;
        private final String topic;
        private final int partitions;

        TopicShuffle(String name, String topic, int partitions) {
            this.name = name;
            this.topic = topic;
            this.partitions = partitions;
        }

        @Override
        public int partitions() {
            return partitions;
        }

        @Override
        public void send(Time batch, List<List<byte[]>> chunks) {
            sendWith(batch, chunks, Map.of());
        }

        @Override
        public void sendWith(Time batch, List<List<byte[]>> chunks, Map<KeyExchange.Shuffle, List<List<byte[]>>> others) {
            var parts = new LinkedHashMap<String, List<List<byte[]>>>();
            parts.put(topic, chunks);
            others.forEach((shuffle, theirs) -> {
                if (!(shuffle instanceof TopicShuffle other) || other.owner() != GroupExchange.this
                        || !upstreamTopics.getOrDefault(other.topic, List.of()).equals(
                                upstreamTopics.getOrDefault(topic, List.of()))) {
                    throw new SluiceException("group " + group + " hands over together only the keyed stages that"
                            + " read the same upstreams; " + name + " and " + shuffle + " do not");
                }
                parts.put(other.topic, theirs);
            });
            ChainedHandOver chained = chainedHandOvers.get(topic);
            if (chained != null) {
                chained.send(batch.millis(), parts);
            } else {
                handOver(parts, batch.millis());
            }
        }

        @Override
        public List<List<byte[]>> receive(Time batch) {
            var merged = new ArrayList<List<byte[]>>();
            for (NavigableMap<Time, List<byte[]>> byBatch : receiveByBatch(batch)) {
                merged.add(byBatch == null ? null : byBatch.values().stream().flatMap(List::stream).toList());
            }
            return merged;
        }

        @Override
        public List<NavigableMap<Time, List<byte[]>>> receiveByBatch(Time batch) {
            return reader.receive(topic, partitions, batch.millis());
        }

        @Override
        public KeyExchange.StateChangelog changelog() {
            ChangelogTopic changelog = changelogs.get(name);
            if (changelog == null) {
                throw new SluiceException("group " + group + " keeps the state of " + changelogs.keySet()
                        + ", not of " + name + "; every member must run the same graph");
            }
            return changelog;
        }

        private GroupExchange owner() {
            return GroupExchange.this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Batch {@code batch}'s part of the stages reading the input: their chunks (per repartition topic) and the input's progress. */
    private void handOver(Map<String, List<List<byte[]>>> chunks, long batch) {
        Optional<Map<TopicPartition, Long>> part = input.handedOver(batch);
        if (part.isEmpty()) {
            LOG.info("Batch {} was planned before group {} refused an earlier hand-over; its input is read again, so"
                    + " its part is not handed over", new Time(batch), group);
            return;
        }
        Map<TopicPartition, Long> ends = part.get();
        if (ends.isEmpty() && chunks.values().stream().allMatch(c -> c.stream().allMatch(List::isEmpty))) {
            return;
        }
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        ends.forEach((tp, end) -> offsets.put(tp, ExchangeProgress.input(end, batch)));
        try {
            writer.write(chunks, batch, inputKeyTopics, batch, ends.keySet(), offsets,
                    ownership.groupMetadata(), ownership);
        } catch (MapSideWriter.RefusedException e) {
            LOG.warn("Batch {}: group {} refused the offsets of {} ({}); this part was aborted and its input is read"
                    + " again", new Time(batch), group, ends.keySet(), e.getCause().toString());
            input.refused(batch);
        } catch (MapSideWriter.UndecidedException e) {
            LOG.error("{}: group {}'s input {} goes on from the offsets the group has committed, which hold this"
                    + " part's if Kafka committed it, and its input is read again if not", e.getMessage(), group,
                    PartitionOwnership.sorted(ends.keySet()));
            input.refused(batch);
        }
    }

    /**
     * Marks every batch up to {@code upTo} of {@code taken} (input partitions this member now goes on
     * with, from the group's committed progress) as handed over: their former owner left them
     * unwritten, and their records are read again in this member's next batch.
     */
    void cover(Map<TopicPartition, ExchangeProgress> taken, long upTo) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        taken.forEach((tp, p) -> {
            if (p.offset() >= 0) {
                offsets.put(tp, ExchangeProgress.input(p.offset(), upTo));
            }
        });
        writer.write(Map.of(), upTo, inputKeyTopics, upTo, taken.keySet(), offsets, ownership.groupMetadata(),
                ownership);
    }

    /**
     * Before batch {@code batch} is planned (on the scheduler's thread, so a job waiting for keys never
     * holds it up): marks the upstream key partitions of chained stages this member goes on with.
     */
    void markTakenKeyPartitions(long batch) {
        new java.util.LinkedHashSet<>(chainedHandOvers.values()).forEach(h -> h.markTaken(batch));
    }

    @Override
    public void close() {
        BY_GROUP.remove(group, this);
        if (reader != null) {
            reader.close();
        }
        writer.close();
    }
}
