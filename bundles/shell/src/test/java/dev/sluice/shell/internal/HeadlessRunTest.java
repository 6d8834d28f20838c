package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadlessRunTest {

    @Test
    void shouldSplitTheLaunchersArgumentsAtItsSeparatorKeepingSpaces() {
        assertThat(HeadlessRun.words("port=9999\u001fdir=/my files")).containsExactly("port=9999", "dir=/my files");
    }

    @Test
    void shouldReadNoArgumentsFromAnEmptyOrMissingProperty() {
        assertThat(HeadlessRun.words(null)).isEmpty();
        assertThat(HeadlessRun.words("")).isEmpty();
    }
}
