package dev.sluice.itests.recovery;

import dev.sluice.api.HashPartitioning;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@code groupByKeyAndWindow}'s output ({@code word-lines-by-window}) as a {@code read_committed}
 * reader sees it: per slide (the records' timestamp), each word's lists of the tags of the lines
 * it occurs in. A tag is a word of its own line, so a slide's tags say which lines its window holds.
 */
final class WindowedLines {

    private final int keyPartitions;
    private final TreeMap<Long, Map<String, List<List<String>>>> bySlide = new TreeMap<>();

    WindowedLines(KafkaBroker broker, String topic, int keyPartitions) {
        this.keyPartitions = keyPartitions;
        broker.readAll(topic, "read_committed").forEach(r -> bySlide.computeIfAbsent(r.timestamp(),
                t -> new TreeMap<>()).computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(Arrays.asList(r.value().split(" "))));
    }

    List<Long> slides() {
        return List.copyOf(bySlide.keySet());
    }

    /** The latest slide with any output, or 0. */
    long latestSlide() {
        return bySlide.isEmpty() ? 0 : bySlide.lastKey();
    }

    /** Words given more than one list in a slide, and tags whose list is not their own tag once. */
    List<String> listedTwice() {
        var twice = new ArrayList<String>();
        bySlide.forEach((t, words) -> words.forEach((w, lists) -> {
            if (lists.size() > 1 || (KafkaLines.isTag(w) && !lists.get(0).equals(List.of(w)))) {
                twice.add(t + ":" + w + "=" + lists);
            }
        }));
        return twice;
    }

    /** The lines held by some window: the tags seen. */
    int linesHeld() {
        var tags = new TreeSet<String>();
        bySlide.values().forEach(words -> words.keySet().stream().filter(KafkaLines::isTag).forEach(tags::add));
        return tags.size();
    }

    /** The tags whose windows lie further apart than {@code spanMillis}: a line in a window that does not hold its batch. */
    List<String> linesOutsideTheirWindows(long spanMillis) {
        var first = new TreeMap<String, Long>();
        var last = new TreeMap<String, Long>();
        bySlide.forEach((t, words) -> words.keySet().stream().filter(KafkaLines::isTag).forEach(tag -> {
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

    /** The slides whose output holds words of every key partition: each partition's window was committed. */
    List<Long> slidesWithEveryKeyPartition() {
        var whole = new ArrayList<Long>();
        bySlide.forEach((t, words) -> {
            Set<Integer> partitions = new TreeSet<>();
            words.keySet().forEach(w -> partitions.add(HashPartitioning.partitionOf(w, keyPartitions)));
            if (partitions.size() == keyPartitions) {
                whole.add(t);
            }
        });
        return whole;
    }

    /** Slide {@code slide}'s words (tags left out), each with its tags sorted. */
    Map<String, List<String>> words(long slide) {
        var words = new TreeMap<String, List<String>>();
        bySlide.get(slide).forEach((w, lists) -> {
            if (!KafkaLines.isTag(w)) {
                var tags = new ArrayList<>(lists.get(0));
                tags.sort(null);
                words.put(w, tags);
            }
        });
        return words;
    }

    /** One container's groupByKeyAndWindow of the lines whose tags slide {@code slide} holds, each word's tags sorted. */
    Map<String, List<String>> singleContainerLists(long slide, KafkaLines input) {
        var words = new TreeMap<String, List<String>>();
        bySlide.get(slide).keySet().stream().filter(KafkaLines::isTag).forEach(tag -> input.wordsOf(tag)
                .forEach(w -> words.computeIfAbsent(w, k -> new ArrayList<>()).add(tag)));
        words.values().forEach(tags -> tags.sort(null));
        return words;
    }
}
