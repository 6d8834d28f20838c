package dev.sluice.source.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** objectFile and objectFileStream on the real runtime, over parts laid out as saveAsObjectFiles writes them. */
class ObjectFilesTest {

    record Reading(String sensor, int value) {
    }

    private static final RecordCodec CODEC = new RecordSerializer(RecordTypes.of(List.of(Reading.class)));

    @TempDir
    Path dir;

    /** A part file: records of up to {@code perRecord} elements encoded together, the codec's format in the metadata. */
    private static void writePart(Path file, List<?> elements, int perRecord, String format) throws IOException {
        var metadata = new SequenceFile.Metadata();
        metadata.set(new Text(ObjectRecords.CODEC_KEY), new Text(format));
        try (var writer = SequenceFile.createWriter(new Configuration(),
                SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(file.toUri())),
                SequenceFile.Writer.keyClass(IntWritable.class), SequenceFile.Writer.valueClass(BytesWritable.class),
                SequenceFile.Writer.metadata(metadata))) {
            for (int i = 0; i < elements.size(); i += perRecord) {
                List<?> record = elements.subList(i, Math.min(elements.size(), i + perRecord));
                writer.append(new IntWritable(record.size()), new BytesWritable(CODEC.encode(record)));
            }
        }
    }

    private static List<Object> readings(int from, int n) {
        var list = new ArrayList<Object>();
        for (int i = from; i < from + n; i++) {
            list.add(new Reading("s" + i % 3, i));
        }
        return list;
    }

    private static StreamTestKit kit() {
        var settings = new StreamingSettings("objects", Duration.ofSeconds(1), 2, null);
        var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of("files", new FilesSourceProvider()), Map.of()));
        kit.context().registerRecordTypes(Reading.class);
        return kit;
    }

    @Test
    void objectFileReadsABatchDirectoryPartByPartSkippingMarkersAndChecksums() throws IOException {
        Path batch = Files.createDirectory(dir.resolve("readings-1000"));
        writePart(batch.resolve("part-00000"), readings(0, 250), 100, CODEC.format());
        writePart(batch.resolve("part-00001"), readings(250, 7), 100, CODEC.format());
        writePart(batch.resolve("part-00002"), List.of(), 100, CODEC.format());
        Files.createFile(batch.resolve("_SUCCESS"));

        try (var kit = kit()) {
            var data = kit.context().<Object>objectFile(batch.toString());

            assertThat(data.collect()).containsExactlyInAnyOrderElementsOf(readings(0, 257));
            assertThat(data.numPartitions()).isEqualTo(3);
        }
    }

    @Test
    void objectFileRefusesAPartOfAnotherFormatNamingIt() throws IOException {
        Path batch = Files.createDirectory(dir.resolve("readings-2000"));
        writePart(batch.resolve("part-00000"), readings(0, 3), 10, "someone-elses-format");

        try (var kit = kit()) {
            assertThatThrownBy(() -> kit.context().objectFile(batch.toString()))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("part-00000")
                    .hasMessageContaining("its format: someone-elses-format");
        }
    }

    @Test
    void objectFileStreamReadsEachNewObjectFileOnce() throws Exception {
        try (var kit = kit()) {
            var out = kit.output(kit.context().<Object>objectFileStream(dir.toString()));
            kit.start();
            Path part = dir.resolve("a.seq");
            writePart(part, List.of(Pair.of("k", 1L), new Reading("x", 9)), 1, CODEC.format());
            Files.setLastModifiedTime(part, FileTime.fromMillis(500));
            Files.deleteIfExists(dir.resolve(".a.seq.crc"));

            kit.runBatches(2);

            assertThat(out.at(kit.batchTime(1))).containsExactly(Pair.of("k", 1L), new Reading("x", 9));
            assertThat(out.at(kit.batchTime(2))).isEmpty();
        }
    }
}
