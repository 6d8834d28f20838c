package dev.sluice.itests.recovery;

import dev.sluice.api.HashPartitioning;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A running count's output of tagged lines ({@link KafkaLines}) as a read_committed reader sees it:
 * per batch (the records' timestamp), each key's counts.
 */
final class RunningCounts {

    private final TreeMap<Long, Map<String, List<Long>>> byBatch = new TreeMap<>();
    /** The key partitions of the running count: as many as the input topic has partitions. */
    private final int partitions;

    RunningCounts(KafkaBroker broker, String topic, int partitions) {
        this.partitions = partitions;
        broker.readAll(topic, "read_committed").forEach(r -> byBatch.computeIfAbsent(r.timestamp(),
                t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Long.parseLong(r.value())));
    }

    List<Long> batches() {
        return List.copyOf(byBatch.keySet());
    }

    List<String> twiceInABatch() {
        var twice = new ArrayList<String>();
        byBatch.forEach((t, keys) -> keys.forEach((k, counts) -> {
            if (counts.size() > 1) {
                twice.add(t + ":" + k + "=" + counts);
            }
        }));
        return twice;
    }

    /** Keys whose count in a batch is below their count in an earlier batch (a tag's is always one). */
    List<String> goingBackwards() {
        var latest = new TreeMap<String, Long>();
        var backwards = new ArrayList<String>();
        byBatch.forEach((t, keys) -> keys.forEach((k, counts) -> {
            long n = counts.get(0);
            Long before = latest.put(k, n);
            if ((before != null && n < before) || (KafkaLines.isTag(k) && n != 1)) {
                backwards.add(t + ":" + k + "=" + n + " after " + before);
            }
        }));
        return backwards;
    }

    /** Each word's latest count (tags left out). */
    Map<String, Integer> latestWords() {
        var latest = new TreeMap<String, Integer>();
        byBatch.values().forEach(keys -> keys.forEach((k, counts) -> {
            if (!KafkaLines.isTag(k)) {
                latest.put(k, counts.get(counts.size() - 1).intValue());
            }
        }));
        return latest;
    }

    /** How many lines the output has counted: the tags seen in any batch. */
    int linesCounted() {
        var tags = new TreeSet<String>();
        byBatch.values().forEach(keys -> keys.keySet().stream().filter(KafkaLines::isTag).forEach(tags::add));
        return tags.size();
    }

    /**
     * The batches whose output holds keys of every key partition: each partition reduced that
     * batch, so the batch holds the counts of every line read up to it, and every such line's tag.
     */
    List<Long> batchesWithEveryKeyPartition() {
        var whole = new ArrayList<Long>();
        byBatch.forEach((t, keys) -> {
            Set<Integer> held = new TreeSet<>();
            keys.keySet().forEach(k -> held.add(HashPartitioning.partitionOf(k, partitions)));
            if (held.size() == partitions) {
                whole.add(t);
            }
        });
        return whole;
    }

    Map<String, Integer> words(long batch) {
        var words = new TreeMap<String, Integer>();
        byBatch.get(batch).forEach((k, counts) -> {
            if (!KafkaLines.isTag(k)) {
                words.put(k, counts.get(0).intValue());
            }
        });
        return words;
    }

    /** What one container's running count holds after reading the lines whose tags batch {@code batch} holds. */
    Map<String, Integer> singleContainerCount(long batch, KafkaLines input) {
        var counts = new TreeMap<String, Integer>();
        byBatch.get(batch).keySet().stream().filter(KafkaLines::isTag)
                .forEach(tag -> input.wordsOf(tag).forEach(w -> counts.merge(w, 1, Integer::sum)));
        return counts;
    }
}
