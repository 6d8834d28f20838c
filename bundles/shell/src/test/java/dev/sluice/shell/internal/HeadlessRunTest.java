package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadlessRunTest {

    @Test
    void shouldSplitTheLaunchersArgumentsAtWhitespace() {
        assertThat(HeadlessRun.words(" port=9999  batch=500ms ")).containsExactly("port=9999", "batch=500ms");
    }

    @Test
    void shouldReadNoArgumentsFromAnEmptyOrMissingProperty() {
        assertThat(HeadlessRun.words(null)).isEmpty();
        assertThat(HeadlessRun.words("  ")).isEmpty();
    }
}
