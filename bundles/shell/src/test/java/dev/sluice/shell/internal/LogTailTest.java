package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import dev.sluice.api.SluiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheLastLinesThenOnlyCompleteLinesAddedSince() throws Exception {
        Path log = dir.resolve("sluice.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        var tail = new LogTail(log);

        assertThat(tail.last(2)).containsExactly("two", "three");
        assertThat(tail.more()).isEmpty();
        append(log, "four\nfi");
        assertThat(tail.more()).containsExactly("four");
        append(log, "ve\n");
        assertThat(tail.awaitMore()).containsExactly("five");
    }

    @Test
    void shouldStartOverWhenTheFileWasRolledOver() throws Exception {
        Path log = dir.resolve("sluice.log");
        Files.writeString(log, "a long first line\nanother\n");
        var tail = new LogTail(log);
        tail.last(10);

        Files.writeString(log, "new\n");

        assertThat(tail.more()).containsExactly("new");
    }

    @Test
    void shouldSayWhereTheLogWouldBeWhenThereIsNone() {
        assertThatThrownBy(() -> new LogTail(dir.resolve("log/sluice.log")).last(5))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("no log file at ").hasMessageContaining("log/sluice.log");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
