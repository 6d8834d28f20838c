package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code groupByKeyAndWindow}'s output ({@code word-lines-by-window}): per slide, each word's
 * lists of the tags of the lines it occurs in (a tag is a word of its own line).
 */
final class WindowedLines extends WindowedOutput<List<String>> {

    WindowedLines(KafkaBroker broker, String topic, int keyPartitions) {
        super(broker, topic, keyPartitions, value -> Arrays.asList(value.split(" ")));
    }

    /** Words given more than one list in a slide, and tags whose list is not their own tag once. */
    @Override
    List<String> notOnce() {
        return givenTwice((tag, list) -> list.equals(List.of(tag)));
    }

    /** Slide {@code slide}'s words (tags left out), each with its tags sorted. */
    @Override
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
    @Override
    Map<String, List<String>> singleContainer(long slide, KafkaLines input) {
        var words = new TreeMap<String, List<String>>();
        bySlide.get(slide).keySet().stream().filter(KafkaLines::isTag).forEach(tag -> input.wordsOf(tag)
                .forEach(w -> words.computeIfAbsent(w, k -> new ArrayList<>()).add(tag)));
        words.values().forEach(tags -> tags.sort(null));
        return words;
    }
}
