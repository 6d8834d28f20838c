package dev.sluice.sink.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesSinkTest {

    private static final Time T1000 = Time.of(1000);

    @TempDir
    Path dir;

    private <T> Sink<T> sink(Config config) {
        return new HadoopFilesSinkProvider().createSink(Config.of("prefix", dir.resolve("counts")).with(config));
    }

    /** The config saveAsHadoopFiles (mapred) or saveAsNewAPIHadoopFiles (mapreduce) gives. */
    private static Config declared(String api, Class<?> key, Class<?> value, Class<?> format) {
        return Config.of("api", api).withObject("keyClass", key).withObject("valueClass", value)
                .withObject("outputFormat", format);
    }

    private String part(String name) {
        return dir.resolve("counts-1000").resolve(name).toString();
    }

    @Test
    void shouldWriteSequenceFilesOfWritablesWhenNoClassesAreGiven() throws Exception {
        this.<Pair<String, Integer>>sink(Config.empty())
                .write(Batches.of(List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("c", 3)), 2), T1000);

        assertThat(BatchDirectory.visible(dir.resolve("counts-1000"))).containsExactly("part-00000", "part-00001");
        var first = HadoopReaders.sequenceFile(part("part-00000"));
        assertThat(first.keyClass()).isEqualTo(Text.class);
        assertThat(first.valueClass()).isEqualTo(IntWritable.class);
        assertThat(first.records()).containsExactly(Pair.of(new Text("a"), new IntWritable(1)));
        assertThat(HadoopReaders.sequenceFile(part("part-00001")).records())
                .containsExactly(Pair.of(new Text("b"), new IntWritable(2)), Pair.of(new Text("c"), new IntWritable(3)));
    }

    @Test
    void shouldConvertEachKindOfValueToItsWritable() throws Exception {
        List<List<Pair<Object, Object>>> partitions = List.of(
                List.of(Pair.of(1L, 2.5)),
                List.of(Pair.of(true, new byte[] {1, 2})),
                List.of(Pair.of(new IntWritable(7), List.of("x"))),
                List.of(Pair.of(null, "v")));

        this.<Pair<Object, Object>>sink(Config.empty()).write(Batches.ofPartitions(partitions), T1000);

        assertThat(HadoopReaders.sequenceFile(part("part-00000")).records())
                .containsExactly(Pair.<Writable, Writable>of(new LongWritable(1), new DoubleWritable(2.5)));
        assertThat(HadoopReaders.sequenceFile(part("part-00001")).records())
                .containsExactly(Pair.<Writable, Writable>of(new BooleanWritable(true), new BytesWritable(new byte[] {1, 2})));
        assertThat(HadoopReaders.sequenceFile(part("part-00002")).records())
                .containsExactly(Pair.<Writable, Writable>of(new IntWritable(7), new Text("[x]")));
        assertThat(HadoopReaders.sequenceFile(part("part-00003")).records())
                .containsExactly(Pair.<Writable, Writable>of(NullWritable.get(), new Text("v")));
    }

    @Test
    void shouldRefuseKeysOfMixedTypesInOnePartNamingTheKey() {
        Sink<Pair<Object, Integer>> sink = sink(Config.empty());

        assertThatThrownBy(() -> sink.write(Batches.of(List.of(Pair.of("a", 1), Pair.of(2, 2)), 1), T1000))
                .isInstanceOf(FileOutputException.class)
                .hasMessageContaining("the key 2 (java.lang.Integer) becomes a IntWritable where this part's first is a Text");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldRefuseElementsThatAreNotPairs() {
        Sink<String> sink = sink(Config.empty());

        assertThatThrownBy(() -> sink.write(Batches.of(List.of("plain"), 1), T1000))
                .hasMessageContaining("writes the key-value pairs of a PairDStream; got the element plain");
    }

    @Test
    void shouldDriveAnOldApiTextOutputFormatConvertingKeysAndValuesToTheGivenClasses() throws Exception {
        Sink<Pair<String, Integer>> sink = sink(declared("mapred", Text.class, IntWritable.class,
                org.apache.hadoop.mapred.TextOutputFormat.class));

        sink.write(Batches.of(List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("c", 3)), 2), T1000);

        assertThat(BatchDirectory.visible(dir.resolve("counts-1000"))).containsExactly("part-00000", "part-00001");
        assertThat(dir.resolve("counts-1000/_SUCCESS")).exists();
        assertThat(HadoopReaders.textLines(dir.resolve("counts-1000").toString())).containsExactly("a\t1", "b\t2", "c\t3");
    }

    @Test
    void shouldDriveAnOldApiSequenceFileOutputFormatWithTheGivenClassesInItsHeader() throws Exception {
        Sink<Pair<String, Long>> sink = sink(declared("mapred", Text.class, LongWritable.class,
                org.apache.hadoop.mapred.SequenceFileOutputFormat.class));

        sink.write(Batches.of(List.of(Pair.of("a", 10L)), 1), T1000);

        var content = HadoopReaders.sequenceFile(part("part-00000"));
        assertThat(content.keyClass()).isEqualTo(Text.class);
        assertThat(content.valueClass()).isEqualTo(LongWritable.class);
        assertThat(content.records()).containsExactly(Pair.of(new Text("a"), new LongWritable(10)));
    }

    @Test
    void shouldDriveANewApiSequenceFileOutputFormatNamingPartsAfterTheirPartition() throws Exception {
        Sink<Pair<Integer, String>> sink = sink(declared("mapreduce", IntWritable.class, Text.class,
                org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat.class));

        sink.write(Batches.of(List.of(Pair.of(1, "one"), Pair.of(2, "two"), Pair.of(3, "three")), 3), T1000);

        assertThat(BatchDirectory.names(dir.resolve("counts-1000"))).filteredOn(n -> !n.endsWith(".crc"))
                .containsExactly("_SUCCESS", "part-00000", "part-00001", "part-00002");
        assertThat(HadoopReaders.sequenceFile(part("part-00002")).records())
                .containsExactly(Pair.of(new IntWritable(3), new Text("three")));
    }

    @Test
    void shouldKeepTheExtensionOfACompressedNewApiTextPart() throws Exception {
        Sink<Pair<String, Integer>> sink = sink(declared("mapreduce", Text.class, IntWritable.class,
                org.apache.hadoop.mapreduce.lib.output.TextOutputFormat.class)
                .with("hadoop.mapreduce.output.fileoutputformat.compress", "true"));

        sink.write(Batches.of(List.of(Pair.of("a", 1), Pair.of("b", 2)), 2), T1000);

        assertThat(BatchDirectory.visible(dir.resolve("counts-1000"))).containsExactly("part-00000.deflate", "part-00001.deflate");
        assertThat(HadoopReaders.textLines(dir.resolve("counts-1000").toString())).containsExactly("a\t1", "b\t2");
    }

    @Test
    void shouldNameAKeyThatDoesNotConvertToTheGivenClass() {
        Sink<Pair<String, Integer>> sink = sink(declared("mapred", IntWritable.class, IntWritable.class,
                org.apache.hadoop.mapred.TextOutputFormat.class));

        assertThatThrownBy(() -> sink.write(Batches.of(List.of(Pair.of("seven", 7)), 1), T1000))
                .isInstanceOf(FileOutputException.class)
                .hasMessageContaining("the key seven (java.lang.String) is not a org.apache.hadoop.io.IntWritable");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnUnknownApiAFormatOfTheOtherApiAndMissingClasses() {
        assertThatThrownBy(() -> sink(Config.of("api", "yarn")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapred or mapreduce");
        assertThatThrownBy(() -> sink(declared("mapred", Text.class, Text.class,
                org.apache.hadoop.mapreduce.lib.output.TextOutputFormat.class)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("use saveAsNewAPIHadoopFiles");
        assertThatThrownBy(() -> sink(Config.of("api", "mapreduce")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("outputFormat");
    }

    @Test
    void shouldReplaceABatchWrittenAgainThroughAnOutputFormat() throws Exception {
        Sink<Pair<String, Integer>> sink = sink(declared("mapreduce", Text.class, IntWritable.class,
                org.apache.hadoop.mapreduce.lib.output.TextOutputFormat.class));
        sink.write(Batches.of(List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("c", 3)), 3), T1000);

        sink.write(Batches.of(List.of(Pair.of("z", 26)), 1), T1000);

        assertThat(BatchDirectory.names(dir)).containsExactly("counts-1000");
        assertThat(HadoopReaders.textLines(dir.resolve("counts-1000").toString())).containsExactly("z\t26");
    }
}
