package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.StreamingContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file-word-count on the real runtime, files source and console sink, over a local directory. */
class FileWordCountEndToEndTest {

    private final PrintStream originalOut = System.out;
    private final CapturedOutput console = new CapturedOutput("(hello,3)");

    @TempDir
    Path dir;

    @BeforeEach
    void captureTheConsole() {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
    }

    @Test
    void countsTheWordsOfAFileMovedIntoTheDirectoryOnce() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.writeString(in.resolve("old.txt"), "there before the start\n");
        try (StreamingContext ssc = StreamingContext.create("local[2]", "FileWordCount", Duration.ofMillis(200))) {
            new FileWordCountApplication().define(ssc, Config.of("dir", in.toString()));
            ssc.start();
            // written aside, then moved in whole, as the README asks
            Path staged = Files.writeString(dir.resolve("staged.txt"), "hello world hello\nhello again\n");
            Files.move(staged, in.resolve("new.txt"), StandardCopyOption.ATOMIC_MOVE);

            assertThat(console.printed.await(20, TimeUnit.SECONDS)).as("counts printed: %s", console).isTrue();
        }

        String out = console.toString();
        assertThat(out).contains("(hello,3)\n", "(world,1)\n", "(again,1)\n").doesNotContain("(before,");
        assertThat(out.split("\\(hello,", -1)).as("the file is counted in one batch only").hasSize(2);
    }

    @Test
    void writesEachBatchsCountsAsTextFilesWhenGivenAnOutputPrefix() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Path out = dir.resolve("out");
        try (StreamingContext ssc = StreamingContext.create("local[2]", "FileWordCount", Duration.ofMillis(200))) {
            new FileWordCountApplication().define(ssc, Config.of(Map.of("dir", in.toString(),
                    "out", out.resolve("counts").toString())));
            ssc.start();
            Path staged = Files.writeString(dir.resolve("staged.txt"), "to be or not to be\n");
            Files.move(staged, in.resolve("hamlet.txt"), StandardCopyOption.ATOMIC_MOVE);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (counted(out).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        assertThat(counted(out)).containsExactlyInAnyOrder("(to,2)", "(be,2)", "(or,1)", "(not,1)");
    }

    /** The lines of every complete batch directory written under {@code out}. */
    private static List<String> counted(Path out) throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        var lines = new ArrayList<String>();
        try (Stream<Path> batches = Files.list(out)) {
            for (Path batch : batches.filter(b -> b.getFileName().toString().startsWith("counts-")
                    && Files.exists(b.resolve("_SUCCESS"))).toList()) {
                try (Stream<Path> parts = Files.list(batch)) {
                    for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                        lines.addAll(Files.readAllLines(part));
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void refusesToStartWithoutADirectory() {
        try (StreamingContext ssc = StreamingContext.create("local[1]", "FileWordCount", Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> new FileWordCountApplication().define(ssc, Config.empty()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("needs the directory to watch");
        }
    }
}
