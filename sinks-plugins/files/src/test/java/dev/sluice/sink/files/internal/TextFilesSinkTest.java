package dev.sluice.sink.files.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesSinkTest {

    private static final Time T1000 = Time.of(1000);

    @TempDir
    Path dir;

    private <T> Sink<T> sink(Map<String, ?> settings) {
        return new TextFilesSinkProvider().createSink(Config.of(Map.of("prefix", dir.resolve("counts").toString()))
                .with(Config.of(settings)));
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void shouldBeFoundByServiceLoaderUnderTheTypeTextFiles() {
        var types = ServiceLoader.load(SinkProvider.class).stream()
                .map(p -> p.type().getAnnotation(SinkType.class).value()).toList();

        assertThat(types).contains("text-files", "object-files", "hadoop-files");
    }

    @Test
    void shouldWriteOnePartFilePerPartitionWithOneElementPerLineAndASuccessMarker() throws Exception {
        sink(Map.of()).write(Batches.of(List.of("a", "héllo", "c", "d", "e", "f", "g"), 3), T1000);

        Path batch = dir.resolve("counts-1000");
        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.visible(batch)).containsExactly("part-00000", "part-00001", "part-00002");
        assertThat(batch.resolve("_SUCCESS")).isEmptyFile();
        assertThat(BatchDirectory.partLines(batch)).containsExactly(List.of("a", "héllo"), List.of("c", "d"),
                List.of("e", "f", "g"));
        assertThat(Files.readString(batch.resolve("part-00000"), UTF_8)).isEqualTo("a\nhéllo\n");
        assertThat(HadoopReaders.textLines(batch.toString())).containsExactly("a", "héllo", "c", "d", "e", "f", "g");
    }

    @Test
    void shouldNameTheBatchWithTheSuffixAndWriteElementsAsStringValueOfDoes() throws Exception {
        sink(Map.of("suffix", "txt")).write(Batches.ofPartitions(List.of(java.util.Arrays.asList(null, 4.5, List.of(1)))),
                Time.of(2000));

        assertThat(BatchDirectory.visible(dir)).containsExactly("counts-2000.txt");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-2000.txt"))).containsExactly(List.of("null", "4.5", "[1]"));
    }

    @Test
    void shouldWriteAnEmptyPartForAnEmptyPartitionAndOnlySuccessForABatchWithoutPartitions() throws Exception {
        this.<Integer>sink(Map.of()).write(Batches.ofPartitions(List.of(List.of(1), List.of())), T1000);
        this.<Integer>sink(Map.of()).write(Batches.of(List.of(), 1), Time.of(2000));
        this.<Integer>sink(Map.of()).write(Batches.ofPartitions(List.of()), Time.of(3000));

        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("1"), List.of());
        assertThat(BatchDirectory.partLines(dir.resolve("counts-2000"))).containsExactly(List.of());
        assertThat(dir.resolve("counts-2000/_SUCCESS")).exists();
        assertThat(BatchDirectory.names(dir.resolve("counts-3000"))).filteredOn(n -> !n.endsWith(".crc"))
                .containsExactly("_SUCCESS");
    }

    @Test
    void shouldCoalesceToAtMostFilesPerBatchParts() throws Exception {
        this.<Integer>sink(Map.of("filesPerBatch", 3)).write(Batches.of(range(16), 8), T1000);
        this.<Integer>sink(Map.of("filesPerBatch", 3)).write(Batches.of(range(4), 2), Time.of(2000));

        assertThat(BatchDirectory.visible(dir.resolve("counts-1000"))).hasSize(3);
        assertThat(HadoopReaders.textLines(dir.resolve("counts-1000").toString()))
                .containsExactlyElementsOf(range(16).stream().map(String::valueOf).toList());
        assertThat(BatchDirectory.visible(dir.resolve("counts-2000"))).hasSize(2);
    }

    @Test
    void shouldRefuseAMissingPrefixAndANegativeFilesPerBatch() {
        var provider = new TextFilesSinkProvider();

        assertThatThrownBy(() -> provider.createSink(Config.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> sink(Map.of("filesPerBatch", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("filesPerBatch");
    }

    @Test
    void shouldReplaceTheDirectoryOfABatchWrittenAgainWithNothingOfTheEarlierAttemptLeft() throws Exception {
        Sink<Integer> sink = sink(Map.of());
        sink.write(Batches.of(range(9), 3), T1000);

        sink.write(Batches.of(List.of(100, 101), 1), T1000);

        Path batch = dir.resolve("counts-1000");
        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(batch)).containsExactly(List.of("100", "101"));
        assertThat(HadoopReaders.textLines(batch.toString())).containsExactly("100", "101");
    }

    @Test
    void shouldLeaveNoBatchDirectoryAndNoTemporaryFilesWhenAnElementFailsHalfWayThroughAPart() throws Exception {
        Sink<Object> sink = sink(Map.of());
        var elements = new java.util.ArrayList<Object>(range(10));
        elements.set(6, new Unprintable());

        assertThatThrownBy(() -> sink.write(Batches.of(elements, 2), T1000))
                .isInstanceOf(FileOutputException.class)
                .hasMessageContaining("text-files")
                .hasMessageContaining(dir.resolve("counts-1000").toString())
                .hasMessageContaining("IllegalStateException: this element cannot be printed");
        assertThat(BatchDirectory.names(dir)).isEmpty();

        elements.set(6, 6);
        sink.write(Batches.of(elements, 2), T1000);

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000")))
                .containsExactly(List.of("0", "1", "2", "3", "4"), List.of("5", "6", "7", "8", "9"));
    }

    @Test
    void shouldKeepTheEarlierDirectoryWhenARunOfTheSameBatchFails() throws Exception {
        Sink<Integer> sink = sink(Map.of());
        sink.write(Batches.of(range(4), 2), T1000);
        Dataset<Integer> failing = Batches.of(range(8), 2).map(i -> {
            if (i == 6) {
                throw new IllegalStateException("partition computation failed at " + i);
            }
            return i;
        });

        assertThatThrownBy(() -> sink.write(failing, T1000))
                .hasMessageContaining("partition computation failed at 6");

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(BatchDirectory.partLines(dir.resolve("counts-1000"))).containsExactly(List.of("0", "1"), List.of("2", "3"));
    }

    @Test
    void shouldNameThePathAndTheCauseWhenTheFileSystemRefuses() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("out"), "a file where the output's directory should be");
        Sink<Integer> sink = new TextFilesSinkProvider().createSink(Config.of("prefix", notADirectory.resolve("counts")));

        assertThatThrownBy(() -> sink.write(Batches.of(range(3), 1), T1000))
                .isInstanceOf(FileOutputException.class)
                .hasMessageContaining(notADirectory.resolve("counts-1000").toString())
                .hasMessageContaining("Exception: ")
                .hasMessageContaining(notADirectory.toString());
        assertThat(BatchDirectory.names(dir)).containsExactly("out");
    }

    /** An element whose text form cannot be made, as a buggy toString would. */
    private static final class Unprintable {
        @Override
        public String toString() {
            throw new IllegalStateException("this element cannot be printed");
        }
    }
}
