package dev.sluice.sink.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams on the real runtime, driven batch by batch on its manual clock, saving to files. */
class FileSinksEndToEndTest {

    @TempDir
    Path dir;

    private static StreamTestKit kit() {
        var settings = StreamingSettings.of("local[2]", "file-sinks", Duration.ofSeconds(1))
                .with("output.retryBackoff", "1ms");
        return new StreamTestKit(settings, StreamTestKit.plugins(Map.of(), Map.of(
                DStream.TEXT_FILES, new TextFilesSinkProvider(),
                DStream.OBJECT_FILES, new ObjectFilesSinkProvider(),
                PairDStream.HADOOP_FILES, new HadoopFilesSinkProvider())));
    }

    private String prefix(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void everyFileOutputWritesOneDirectoryPerBatch() throws Exception {
        try (var kit = kit()) {
            var in = kit.<String>input();
            in.stream().saveAsTextFiles(prefix("lines"), "txt");
            in.stream().saveAsObjectFiles(prefix("objects"));
            PairDStream<String, Integer> counts = in.stream().mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
            counts.saveAsHadoopFiles(prefix("counts"), "seq");
            counts.saveAsNewAPIHadoopFiles(prefix("report"), null, Text.class, IntWritable.class, TextOutputFormat.class);
            kit.start();
            in.add(List.of("a", "b", "a"));
            in.add(List.of("c"));
            in.add(List.of());

            assertThat(kit.runBatches(3)).allSatisfy(b -> assertThat(b.failure()).isEmpty());
        }

        assertThat(BatchDirectory.names(dir)).containsExactly(
                "counts-1000.seq", "counts-2000.seq", "counts-3000.seq",
                "lines-1000.txt", "lines-2000.txt", "lines-3000.txt",
                "objects-1000", "objects-2000", "objects-3000",
                "report-1000", "report-2000", "report-3000");
        assertThat(HadoopReaders.textLines(prefix("lines-1000.txt"))).containsExactly("a", "b", "a");
        assertThat(HadoopReaders.textLines(prefix("lines-3000.txt"))).isEmpty();
        var objects = new ObjectFileReader(new Configuration(), Batches.codec());
        assertThat(objects.read(prefix("objects-1000"))).containsExactly("a", "b", "a");
        assertThat(objects.read(prefix("objects-2000"))).containsExactly("c");
        assertThat(sequencePairs(dir.resolve("counts-1000.seq")))
                .containsExactlyInAnyOrder(Pair.of(new Text("a"), new IntWritable(2)), Pair.of(new Text("b"), new IntWritable(1)));
        assertThat(HadoopReaders.textLines(prefix("report-1000"))).containsExactlyInAnyOrder("a\t2", "b\t1");
        assertThat(HadoopReaders.textLines(prefix("report-2000"))).containsExactly("c\t1");
    }

    @Test
    void aWriteThatFailsIsRetriedByTheRuntimeAndLeavesOneCompleteDirectory() throws Exception {
        try (var kit = kit()) {
            var in = kit.<Object>input();
            in.stream().saveAsTextFiles(prefix("lines"));
            kit.start();
            var flaky = new FailsOnce();
            in.add(List.of("first", flaky, "last"));

            BatchInfo batch = kit.runBatchMovingClock(1);

            assertThat(batch.failure()).isEmpty();
            assertThat(flaky.calls).as("written once in vain, then again").hasValue(2);
        }

        assertThat(BatchDirectory.names(dir)).containsExactly("lines-1000");
        assertThat(HadoopReaders.textLines(prefix("lines-1000"))).containsExactly("first", "flaky", "last");
    }

    private static List<Pair<Writable, Writable>> sequencePairs(Path batch) throws Exception {
        var all = new ArrayList<Pair<Writable, Writable>>();
        for (String part : BatchDirectory.visible(batch)) {
            all.addAll(HadoopReaders.sequenceFile(batch.resolve(part).toString()).records());
        }
        return all;
    }

    /** Its text cannot be made the first time, as when a disk fills up for a moment. */
    private static final class FailsOnce {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String toString() {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not this time");
            }
            return "flaky";
        }
    }
}
