package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    private final List<String> apps = List.of("network-word-count", "file-word-count", "file-line-count");

    @Test
    void shouldSuggestTheNameWithinAFewTypingSlips() {
        assertThat(Suggest.closest("netwrok-word-count", apps)).contains("network-word-count");
        assertThat(Suggest.closest("file-lines-count", apps)).contains("file-line-count");
        assertThat(Suggest.closest("prot", List.of("port", "host", "batch"))).contains("port");
    }

    @Test
    void shouldSuggestANameTheTypedTextBegins() {
        assertThat(Suggest.closest("network", apps)).contains("network-word-count");
    }

    @Test
    void shouldSuggestNothingForSomethingElse() {
        assertThat(Suggest.closest("kafka", apps)).isEmpty();
        assertThat(Suggest.didYouMean("25", apps)).isEmpty();
    }

    @Test
    void shouldCountASwapOfNeighboursAsOneEdit() {
        assertThat(Suggest.distance("prot", "port")).isEqualTo(1);
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }
}
