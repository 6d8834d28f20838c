package dev.sluice.itests.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import dev.sluice.runtime.testkit.StreamTestKit;
import dev.sluice.sink.files.internal.HadoopFilesSinkProvider;
import dev.sluice.sink.files.internal.HadoopReaders;
import dev.sluice.sink.files.internal.ObjectFilesSinkProvider;
import dev.sluice.sink.files.internal.TextFilesSinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The file sinks writing to a real HDFS (one name node, one data node, on loopback): streams on
 * the runtime's manual clock save every batch to {@code hdfs://} and Hadoop's own readers read
 * the directories back; a batch written again replaces its directory there too.
 */
class HdfsFileSinksIT {

    @RegisterExtension
    static final MiniDfs DFS = new MiniDfs();

    private static FileSystem hdfs;

    @BeforeAll
    static void connect() throws IOException {
        hdfs = DFS.fileSystem();
    }


    private static StreamTestKit kit() {
        var settings = StreamingSettings.of("local[2]", "hdfs-sinks", Duration.ofSeconds(1));
        return new StreamTestKit(settings, StreamTestKit.plugins(Map.of(), Map.of(
                DStream.TEXT_FILES, new TextFilesSinkProvider(),
                DStream.OBJECT_FILES, new ObjectFilesSinkProvider(),
                PairDStream.HADOOP_FILES, new HadoopFilesSinkProvider())));
    }

    private static String hdfsPath(String path) {
        return hdfs.makeQualified(new Path(path)).toString();
    }

    @Test
    void everySinkTypeWritesItsBatchesToHdfs() throws Exception {
        try (var kit = kit()) {
            var in = kit.<String>input();
            in.stream().saveAsTextFiles(hdfsPath("/streams/lines"), "txt");
            in.stream().saveAsObjectFiles(hdfsPath("/streams/objects"));
            PairDStream<String, Integer> counts = in.stream().mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
            counts.saveAsHadoopFiles(hdfsPath("/streams/counts"), null);
            counts.saveAsHadoopFiles(hdfsPath("/streams/report"), null, Text.class, IntWritable.class,
                    org.apache.hadoop.mapred.TextOutputFormat.class);
            counts.saveAsNewAPIHadoopFiles(hdfsPath("/streams/table"), null, Text.class, IntWritable.class,
                    org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat.class);
            kit.start();
            in.add(List.of("a", "b", "a"));
            in.add(List.of("c"));

            assertThat(kit.runBatches(2)).allSatisfy(b -> assertThat(b.failure()).isEmpty());
        }

        assertThat(names(new Path("/streams"))).containsExactly(
                "counts-1000", "counts-2000", "lines-1000.txt", "lines-2000.txt", "objects-1000", "objects-2000",
                "report-1000", "report-2000", "table-1000", "table-2000");
        for (String batch : names(new Path("/streams"))) {
            assertThat(hdfs.exists(new Path("/streams/" + batch + "/_SUCCESS"))).as(batch).isTrue();
        }
        assertThat(textLines("/streams/lines-1000.txt")).containsExactly("a", "b", "a");
        assertThat(objects("/streams/objects-1000")).containsExactly("a", "b", "a");
        assertThat(objects("/streams/objects-2000")).containsExactly("c");
        assertThat(sequencePairs("/streams/counts-1000"))
                .containsExactlyInAnyOrder(Pair.of(new Text("a"), new IntWritable(2)), Pair.of(new Text("b"), new IntWritable(1)));
        assertThat(textLines("/streams/report-2000")).containsExactly("c\t1");
        assertThat(sequencePairs("/streams/table-2000")).containsExactly(Pair.of(new Text("c"), new IntWritable(1)));
    }

    @Test
    void aBatchWrittenAgainReplacesItsDirectoryAndAFailedOneLeavesNothing() throws Exception {
        try (var kit = kit()) {
            Sink<Object> sink = new TextFilesSinkProvider().createSink(Config.of("prefix", hdfsPath("/again/lines")));
            Time time = Time.of(1000);
            sink.write(kit.context().parallelize(List.of("one", "two", "three", "four")), time);
            sink.write(kit.context().parallelize(List.of("five")), time);

            assertThat(names(new Path("/again"))).containsExactly("lines-1000");
            assertThat(textLines("/again/lines-1000")).containsExactly("five");

            Object unprintable = new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("no text for this element");
                }
            };
            assertThatThrownBy(() -> sink.write(kit.context().parallelize(List.of("six", unprintable)), Time.of(2000)))
                    .hasMessageContaining("lines-2000").hasMessageContaining("no text for this element");
            assertThat(names(new Path("/again"))).as("no batch and no attempt left").containsExactly("lines-1000");
        }
    }

    /** Every name under {@code dir}, hidden ones included. */
    private static List<String> names(Path dir) throws IOException {
        return Arrays.stream(hdfs.listStatus(dir)).map(s -> s.getPath().getName()).sorted().toList();
    }

    private static List<Path> parts(String batch) throws IOException {
        return Arrays.stream(hdfs.listStatus(new Path(batch))).map(FileStatus::getPath)
                .filter(p -> p.getName().startsWith("part-")).sorted(Comparator.comparing(Path::getName)).toList();
    }

    private static List<String> textLines(String batch) throws IOException {
        return HadoopReaders.textLines(hdfsPath(batch));
    }

    private static List<Pair<Writable, Writable>> sequencePairs(String batch) throws IOException {
        var pairs = new ArrayList<Pair<Writable, Writable>>();
        for (Path part : parts(batch)) {
            pairs.addAll(HadoopReaders.sequenceFile(hdfs.makeQualified(part).toString()).records());
        }
        return pairs;
    }

    /** An object-files batch read as its format says: BytesWritable records decoded by the runtime's codec. */
    private static List<Object> objects(String batch) throws IOException {
        var codec = new RecordSerializer(RecordTypes.builtIn());
        var elements = new ArrayList<>();
        for (Pair<Writable, Writable> record : sequencePairs(batch)) {
            List<Object> decoded = codec.decode(((BytesWritable) record.value()).copyBytes());
            assertThat(decoded).hasSize(((IntWritable) record.key()).get());
            elements.addAll(decoded);
        }
        return elements;
    }
}
