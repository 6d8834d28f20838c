package dev.sluice.sink.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.spi.Sink;
import dev.sluice.runtime.internal.serial.UnregisteredTypeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectFilesSinkTest {

    record Reading(String sensor, int value) {
    }

    record Unregistered(int x) {
    }

    private static final Time T1000 = Time.of(1000);

    private final RecordCodec codec = Batches.codec(Reading.class);

    @TempDir
    Path dir;

    private <T> Sink<T> sink(RecordCodec codec, Map<String, ?> settings) {
        return new ObjectFilesSinkProvider().createSink(Config.of("prefix", dir.resolve("readings"))
                .with(Config.of(settings)).withObject(RecordCodec.CONFIG_KEY, codec));
    }

    private List<Object> readBack(String batch) throws Exception {
        return new ObjectFileReader(new Configuration(), codec).read(dir.resolve(batch).toString());
    }

    private static List<Object> readings(int n) {
        return IntStream.range(0, n).mapToObj(i -> (Object) new Reading("s" + i % 3, i)).toList();
    }

    @Test
    void shouldReadBackEveryElementInOrderWithTheObjectFileReader() throws Exception {
        var elements = new ArrayList<>(readings(10));
        elements.addAll(List.of(Pair.of("k", 2L), "text", List.of(1, 2)));

        sink(codec, Map.of()).write(Batches.of(elements, 3), T1000);

        assertThat(BatchDirectory.visible(dir.resolve("readings-1000"))).containsExactly("part-00000", "part-00001", "part-00002");
        assertThat(readBack("readings-1000")).isEqualTo(elements);
    }

    @Test
    void shouldWriteSequenceFilesOfCountedRecordsWithTheCodecsFormatInTheirMetadata() throws Exception {
        sink(codec, Map.of("elementsPerRecord", 4)).write(Batches.of(readings(10), 1), T1000);

        var part = HadoopReaders.sequenceFile(dir.resolve("readings-1000/part-00000").toString());
        assertThat(part.keyClass()).isEqualTo(IntWritable.class);
        assertThat(part.valueClass()).isEqualTo(BytesWritable.class);
        assertThat(part.metadata().get(new Text("sluice.codec"))).isEqualTo(new Text("sluice-kryo-1"));
        assertThat(part.metadata().get(new Text("sluice.objectFile.version"))).isEqualTo(new Text("1"));
        assertThat(part.records()).extracting(r -> ((IntWritable) r.key()).get()).containsExactly(4, 4, 2);
        var decoded = new ArrayList<>();
        part.records().forEach(r -> decoded.addAll(codec.decode(((BytesWritable) r.value()).copyBytes())));
        assertThat(decoded).isEqualTo(readings(10));
    }

    @Test
    void shouldWriteAPartWithNoRecordsForAnEmptyPartition() throws Exception {
        sink(codec, Map.of()).write(Batches.ofPartitions(List.of(List.of(), List.of("only"))), T1000);

        assertThat(HadoopReaders.sequenceFile(dir.resolve("readings-1000/part-00000").toString()).records()).isEmpty();
        assertThat(readBack("readings-1000")).containsExactly("only");
    }

    @Test
    void shouldGiveTheCodecsErrorForAnUnregisteredTypeAndLeaveNothingBehind() {
        Sink<Object> sink = sink(codec, Map.of());
        var elements = new ArrayList<>(readings(5));
        elements.add(new Unregistered(1));

        assertThatThrownBy(() -> sink.write(Batches.of(elements, 2), T1000))
                .isInstanceOf(FileOutputException.class)
                .hasMessageContaining("object-files")
                .hasMessageContaining(Unregistered.class.getName())
                .hasRootCauseInstanceOf(UnregisteredTypeException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldReplaceABatchWrittenAgain() throws Exception {
        Sink<Object> sink = sink(codec, Map.of());
        sink.write(Batches.of(readings(10), 3), T1000);

        sink.write(Batches.of(List.of("again"), 1), T1000);

        assertThat(BatchDirectory.names(dir)).containsExactly("readings-1000");
        assertThat(readBack("readings-1000")).containsExactly("again");
    }

    @Test
    void shouldRefuseToReadPartsOfAnotherCodecFormatOrADirectoryWithoutSuccess() throws Exception {
        sink(new OtherFormat(codec), Map.of()).write(Batches.of(readings(2), 1), T1000);

        assertThatThrownBy(() -> readBack("readings-1000"))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("part-00000 holds elements encoded as other-format-9; this runtime reads sluice-kryo-1");
        assertThatThrownBy(() -> new ObjectFileReader(new Configuration(), codec).read(dir.toString()))
                .hasMessageContaining("is not a complete object-files batch");
    }

    @Test
    void shouldNeedTheRuntimesCodecAndAPositiveElementsPerRecord() {
        var provider = new ObjectFilesSinkProvider();

        assertThatThrownBy(() -> provider.createSink(Config.of("prefix", dir.resolve("r"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RecordCodec.CONFIG_KEY);
        assertThatThrownBy(() -> sink(codec, Map.of("elementsPerRecord", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elementsPerRecord");
    }

    /** The runtime's encoding under another format name, as a future codec version would be. */
    private record OtherFormat(RecordCodec codec) implements RecordCodec {
        @Override
        public String format() {
            return "other-format-9";
        }

        @Override
        public byte[] encode(List<?> records) {
            return codec.encode(records);
        }

        @Override
        public List<Object> decode(byte[] bytes) {
            return codec.decode(bytes);
        }
    }
}
