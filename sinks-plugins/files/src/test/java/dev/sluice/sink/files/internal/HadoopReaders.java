package dev.sluice.sink.files.internal;

import dev.sluice.api.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.hadoop.util.ReflectionUtils;

/** Reads batch directories back the way Hadoop jobs and tools do, on any file system (a path with its scheme). */
public final class HadoopReaders {

    private HadoopReaders() {
    }

    /**
     * Every line of the directory through Hadoop's TextInputFormat, which skips names starting with
     * '.' or '_' and decompresses parts by their extension; splits in path order.
     */
    public static List<String> textLines(String dir) throws IOException {
        var job = new JobConf(new Configuration());
        FileInputFormat.setInputPaths(job, new Path(dir));
        var format = new TextInputFormat();
        format.configure(job);
        InputSplit[] splits = format.getSplits(job, 1);
        Arrays.sort(splits, Comparator.comparing((InputSplit s) -> ((FileSplit) s).getPath().getName())
                .thenComparing(s -> ((FileSplit) s).getStart()));
        var lines = new ArrayList<String>();
        for (InputSplit split : splits) {
            var reader = format.getRecordReader(split, job, Reporter.NULL);
            try {
                LongWritable offset = reader.createKey();
                Text line = reader.createValue();
                while (reader.next(offset, line)) {
                    lines.add(line.toString());
                }
            } finally {
                reader.close();
            }
        }
        return lines;
    }

    /** The header's classes and every record of a SequenceFile, by plain SequenceFile.Reader. */
    public static SequenceContent sequenceFile(String file) throws IOException {
        var conf = new Configuration();
        try (var reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(new Path(file)))) {
            var records = new ArrayList<Pair<Writable, Writable>>();
            while (true) {
                var key = (Writable) ReflectionUtils.newInstance(reader.getKeyClass(), conf);
                var value = (Writable) ReflectionUtils.newInstance(reader.getValueClass(), conf);
                if (!reader.next(key, value)) {
                    break;
                }
                records.add(Pair.of(key, value));
            }
            return new SequenceContent(reader.getKeyClass(), reader.getValueClass(), reader.getMetadata(), records);
        }
    }

    public record SequenceContent(Class<?> keyClass, Class<?> valueClass, SequenceFile.Metadata metadata,
                           List<Pair<Writable, Writable>> records) {
    }
}
