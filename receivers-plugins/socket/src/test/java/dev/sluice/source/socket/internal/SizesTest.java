package dev.sluice.source.socket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void shouldWriteSizesInTheLargestWholeUnit() {
        assertThat(Sizes.format(1 << 20)).isEqualTo("1m");
        assertThat(Sizes.format(4L << 30)).isEqualTo("4g");
        assertThat(Sizes.format(1536)).isEqualTo("1536");
        assertThat(Sizes.format(3 << 10)).isEqualTo("3k");
        assertThat(Sizes.format(1000)).isEqualTo("1000");
    }

    @Test
    void shouldWriteSizesThatConfigReadsBack() {
        for (long size : new long[] {1, 1000, 1 << 10, 5 << 20, 1L << 30}) {
            assertThat(Config.of("s", Sizes.format(size)).size("s", -1)).isEqualTo(size);
        }
    }
}
