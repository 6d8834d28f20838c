package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A windowed word count's output ({@code count-by-value} over a window): per slide, each key's counts. */
final class WindowedCounts extends WindowedOutput<Long> {

    WindowedCounts(KafkaBroker broker, String topic, int keyPartitions) {
        super(broker, topic, keyPartitions, Long::parseLong);
    }

    /** Keys with more than one count in a slide, and tags counted other than once. */
    @Override
    List<String> notOnce() {
        return givenTwice((tag, count) -> count == 1L);
    }

    /** Slide {@code slide}'s word counts (tags left out). */
    @Override
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
    @Override
    Map<String, Long> singleContainer(long slide, KafkaLines input) {
        var counts = new TreeMap<String, Long>();
        bySlide.get(slide).keySet().stream().filter(KafkaLines::isTag)
                .forEach(tag -> input.wordsOf(tag).forEach(w -> counts.merge(w, 1L, Long::sum)));
        return counts;
    }
}
