package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheFilesKeysWithTheCommandLinesWinningAndNameTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("network-word-count.cfg"), """
                # a comment
                source = socket
                source.port = 9999
                outputs = print
                sink.print = console
                """);

        var declared = DeclaredFile.read(file.toString(), Config.parse(List.of("source.port=7777", "batch=500ms")));

        assertThat(declared.properties()).containsEntry("source", "socket").containsEntry("source.port", "7777")
                .containsEntry("batch", "500ms").containsEntry("outputs", "print")
                .containsEntry("sluice.declared.file", file.toString()).hasSize(6);
        assertThat(declared.name()).isEqualTo("network-word-count");
        assertThat(declared.entry()).isEqualTo("network-word-count.cfg");
    }

    @Test
    void shouldBeNamedByItsNameKeyOrItsFileWithoutThePidPrefix() throws Exception {
        Path etc = Files.writeString(dir.resolve("dev.sluice.stream-words.cfg"), "source = socket\n");
        assertThat(DeclaredFile.read(etc.toString(), Config.empty()).name()).isEqualTo("words");
        assertThat(DeclaredFile.read(etc.toString(), Config.of("name", "counts")).name()).isEqualTo("counts");
    }

    @Test
    void shouldSayWhichFileItCannotRead() {
        String missing = dir.resolve("gone.cfg").toString();
        assertThatThrownBy(() -> DeclaredFile.read(missing, Config.empty())).isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("cannot read " + missing + ": ");
    }
}
