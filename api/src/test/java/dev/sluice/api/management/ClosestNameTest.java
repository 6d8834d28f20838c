package dev.sluice.api.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

    private final List<String> apps = List.of("network-word-count", "file-word-count", "file-line-count");

    @Test
    void shouldSuggestTheNameWithinAFewTypingSlips() {
        assertThat(ClosestName.closest("netwrok-word-count", apps)).contains("network-word-count");
        assertThat(ClosestName.closest("file-lines-count", apps)).contains("file-line-count");
        assertThat(ClosestName.closest("prot", List.of("port", "host", "batch"))).contains("port");
    }

    @Test
    void shouldSuggestANameTheTypedTextBegins() {
        assertThat(ClosestName.closest("network", apps)).contains("network-word-count");
    }

    @Test
    void shouldSuggestNothingForSomethingElse() {
        assertThat(ClosestName.closest("kafka", apps)).isEmpty();
        assertThat(ClosestName.didYouMean("25", apps)).isEmpty();
    }

    @Test
    void shouldCountASwapOfNeighboursAsOneEdit() {
        assertThat(ClosestName.distance("prot", "port")).isEqualTo(1);
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
    }
}
