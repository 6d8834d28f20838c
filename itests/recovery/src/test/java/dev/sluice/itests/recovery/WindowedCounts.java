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
 * A windowed word count's output ({@code count-by-value} over a window) as a {@code read_committed}
 * reader sees it: per slide (the records' timestamp), each key's counts. Each line of the input
 * begins with a tag of its own, so a slide's tags say which lines its window holds.
 */
final class WindowedCounts {

    private final int keyPartitions;
    private final TreeMap<Long, Map<String, List<Long>>> bySlide = new TreeMap<>();

    WindowedCounts(KafkaBroker broker, String topic, int keyPartitions) {
        this.keyPartitions = keyPartitions;
        broker.readAll(topic, "read_committed").forEach(r -> bySlide.computeIfAbsent(r.timestamp(),
                t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Long.parseLong(r.value())));
    }

    List<Long> slides() {
        return List.copyOf(bySlide.keySet());
    }

    /** The latest slide with any output, or 0. */
    long latestSlide() {
        return bySlide.isEmpty() ? 0 : bySlide.lastKey();
    }

    /** Keys with more than one count in a slide, and tags counted other than once. */
    List<String> countedTwice() {
        var twice = new ArrayList<String>();
        bySlide.forEach((t, keys) -> keys.forEach((k, counts) -> {
            if (counts.size() > 1 || (KafkaLines.isTag(k) && counts.get(0) != 1L)) {
                twice.add(t + ":" + k + "=" + counts);
            }
        }));
        return twice;
    }

    /** The lines counted in some window: the tags seen. */
    int linesCounted() {
        var tags = new TreeSet<String>();
        bySlide.values().forEach(keys -> keys.keySet().stream().filter(KafkaLines::isTag).forEach(tags::add));
        return tags.size();
    }

    /**
     * The tags whose windows lie further apart than {@code spanMillis} (a window's length less its
     * slide): a line counted in a window that does not hold its batch.
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

    /** Slide {@code slide}'s word counts (tags left out). */
    Map<String, Long> words(long slide) {
        var words = new TreeMap<String, Long>();
        bySlide.get(slide).forEach((k, counts) -> {
            if (!KafkaLines.isTag(k)) {
                words.put(k, counts.get(0));
            }
        });
        return words;
    }

    /** One container's windowed word count of the lines whose tags slide {@code slide} holds. */
    Map<String, Long> singleContainerCount(long slide, KafkaLines input) {
        var counts = new TreeMap<String, Long>();
        bySlide.get(slide).keySet().stream().filter(KafkaLines::isTag)
                .forEach(tag -> input.wordsOf(tag).forEach(w -> counts.merge(w, 1L, Long::sum)));
        return counts;
    }
}
