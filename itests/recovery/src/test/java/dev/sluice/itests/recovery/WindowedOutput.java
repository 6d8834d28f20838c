package dev.sluice.itests.recovery;

import dev.sluice.api.HashPartitioning;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A shared window's output as a {@code read_committed} reader sees it: per slide (the records'
 * timestamp), each key's values. Each line of the input carries a tag of its own that the window
 * gives as a key too, so a slide's tags say which lines its window holds.
 */
abstract class WindowedOutput<V> {

    private final int keyPartitions;
    final TreeMap<Long, Map<String, List<V>>> bySlide = new TreeMap<>();

    WindowedOutput(KafkaBroker broker, String topic, int keyPartitions, Function<String, V> value) {
        this.keyPartitions = keyPartitions;
        broker.readAll(topic, "read_committed").forEach(r -> bySlide.computeIfAbsent(r.timestamp(),
                t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(value.apply(r.value())));
    }

    List<Long> slides() {
        return List.copyOf(bySlide.keySet());
    }

    /** The latest slide with any output, or 0. */
    long latestSlide() {
        return bySlide.isEmpty() ? 0 : bySlide.lastKey();
    }

    /** Keys given more than one value in a slide, and tags not given their line once. */
    abstract List<String> notOnce();

    /** Slide {@code slide}'s words (tags left out), each with its value. */
    abstract Map<String, ?> words(long slide);

    /** What one container gives each word of the lines whose tags slide {@code slide} holds. */
    abstract Map<String, ?> singleContainer(long slide, KafkaLines input);

    /** Keys given more than one value in a slide, and tags whose one value is not what {@code tagValue} accepts. */
    List<String> givenTwice(BiPredicate<String, V> tagValue) {
        var twice = new ArrayList<String>();
        bySlide.forEach((t, keys) -> keys.forEach((k, values) -> {
            if (values.size() > 1 || (KafkaLines.isTag(k) && !tagValue.test(k, values.get(0)))) {
                twice.add(t + ":" + k + "=" + values);
            }
        }));
        return twice;
    }

    /** The lines held by some window: the tags seen. */
    int linesHeld() {
        var tags = new TreeSet<String>();
        bySlide.values().forEach(keys -> keys.keySet().stream().filter(KafkaLines::isTag).forEach(tags::add));
        return tags.size();
    }

    /**
     * The tags whose windows lie further apart than {@code spanMillis} (a window's length less its
     * slide): a line in a window that does not hold its batch.
     */
    List<String> linesOutsideTheirWindows(long spanMillis) {
        var first = new TreeMap<String, Long>();
        var last = new TreeMap<String, Long>();
        bySlide.forEach((t, keys) -> keys.keySet().stream().filter(KafkaLines::isTag).forEach(tag -> {
            first.putIfAbsent(tag, t);
            last.put(tag, t);
        }));
        var outside = new ArrayList<String>();
        first.forEach((tag, t) -> {
            if (last.get(tag) - t > spanMillis) {
                outside.add(tag + " in the windows of " + t + " and " + last.get(tag));
            }
        });
        return outside;
    }

    /** The slides whose output holds keys of every key partition: each partition's window was committed. */
    List<Long> slidesWithEveryKeyPartition() {
        var whole = new ArrayList<Long>();
        bySlide.forEach((t, keys) -> {
            Set<Integer> partitions = new TreeSet<>();
            keys.keySet().forEach(k -> partitions.add(HashPartitioning.partitionOf(k, keyPartitions)));
            if (partitions.size() == keyPartitions) {
                whole.add(t);
            }
        });
        return whole;
    }
}
