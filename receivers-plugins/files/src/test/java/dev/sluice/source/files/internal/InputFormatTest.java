package dev.sluice.source.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import static dev.sluice.source.files.internal.WatchedDirectory.START;
import static dev.sluice.source.files.internal.WatchedDirectory.batch;
import static dev.sluice.source.files.internal.WatchedDirectory.readAll;
import static dev.sluice.source.files.internal.WatchedDirectory.readBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.InputSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fileStream's source: new files read by a Hadoop InputFormat into key-value pairs. Readers reuse
 * their key and value objects, so the tests copy each pair as it is read, as applications must.
 */
class InputFormatTest {

    @TempDir
    Path tmp;

    private BatchSource<Pair<Object, Object>> source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    @Test
    void shouldReadTextFilesAsOffsetAndLinePairs() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(fileStream(TextInputFormat.class, LongWritable.class, Text.class));
        watched.write("lines.txt", START + 100, "first", "second");

        assertThat(copies(source, 1)).containsExactly(Pair.of(0L, "first"), Pair.of(6L, "second"));
        assertThat(copies(source, 2)).isEmpty();
    }

    @Test
    void shouldReadSequenceFiles() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(fileStream(SequenceFileInputFormat.class, IntWritable.class, Text.class));
        Path file = tmp.resolve("numbers.seq");
        writeSequenceFile(file, 3);
        Files.setLastModifiedTime(file, FileTime.fromMillis(START + 1_100));

        assertThat(copies(source, 1)).isEmpty();
        assertThat(copies(source, 2)).containsExactly(Pair.of(0L, "value 0"), Pair.of(1L, "value 1"),
                Pair.of(2L, "value 2"));
        assertThat(watched.context.errors).isEmpty();
    }

    @Test
    void shouldReadALargeFileAsTheInputFormatSplitsIt() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(fileStream(TextInputFormat.class, LongWritable.class, Text.class)
                .with("hadoop.mapreduce.input.fileinputformat.split.maxsize", 1024));
        String[] lines = IntStream.range(0, 1000).mapToObj(i -> String.format("line %04d", i)).toArray(String[]::new);
        watched.write("large.txt", START + 100, lines);

        List<InputSplit<Pair<Object, Object>>> splits = source.poll(batch(1));
        var read = new ArrayList<String>();
        for (InputSplit<Pair<Object, Object>> split : splits) {
            split.read(p -> read.add(p.value().toString()));
        }

        assertThat(splits).hasSizeGreaterThan(5);
        assertThat(splits.get(0).description()).contains("large.txt");
        assertThat(read).containsExactly(lines);
    }

    @Test
    void shouldReadWithAnInputFormatOfTheOlderApiToo() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(fileStream(org.apache.hadoop.mapred.TextInputFormat.class, LongWritable.class,
                Text.class));
        watched.write("lines.txt", START + 100, "old", "api");

        assertThat(copies(source, 1)).containsExactly(Pair.of(0L, "old"), Pair.of(4L, "api"));
    }

    @Test
    void shouldFailTheBatchNamingTheTypesWhenRecordsAreNotOfTheDeclaredClasses() throws Exception {
        var watched = new WatchedDirectory(tmp);
        source = watched.start(fileStream(TextInputFormat.class, Long.class, String.class));
        watched.write("lines.txt", START + 100, "x");

        assertThatThrownBy(() -> readBatch(source, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("org.apache.hadoop.io.LongWritable")
                .hasMessageContaining("java.lang.Long");
    }

    static Config fileStream(Class<?> inputFormat, Class<?> keyClass, Class<?> valueClass) {
        return Config.of("format", "inputFormat").withObject("inputFormat", inputFormat)
                .withObject("keyClass", keyClass).withObject("valueClass", valueClass);
    }

    /** Batch k's pairs as (Long, String), copied out of the reader's reused Writables. */
    private static List<Pair<Long, String>> copies(BatchSource<Pair<Object, Object>> source, int k) throws Exception {
        var copies = new ArrayList<Pair<Long, String>>();
        for (InputSplit<Pair<Object, Object>> split : source.poll(batch(k))) {
            split.read(p -> copies.add(Pair.of(number(p.key()), p.value().toString())));
        }
        return copies;
    }

    private static long number(Object writable) {
        return writable instanceof IntWritable i ? i.get() : ((LongWritable) writable).get();
    }

    private static void writeSequenceFile(Path file, int records) throws Exception {
        HadoopCalls.call(() -> {
            var conf = HadoopCalls.configuration(java.util.Map.of(), HadoopCalls.LOADER);
            try (var writer = SequenceFile.createWriter(conf,
                    SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(file.toUri())),
                    SequenceFile.Writer.keyClass(IntWritable.class), SequenceFile.Writer.valueClass(Text.class))) {
                for (int i = 0; i < records; i++) {
                    writer.append(new IntWritable(i), new Text("value " + i));
                }
            }
            return null;
        });
    }
}
