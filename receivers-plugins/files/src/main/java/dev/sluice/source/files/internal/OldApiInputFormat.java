package dev.sluice.source.files.internal;

import dev.sluice.api.Pair;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.ReflectionUtils;

/** Records read by an InputFormat of Hadoop's older {@code org.apache.hadoop.mapred} API, split as that API splits. */
final class OldApiInputFormat implements RecordFormat<Pair<Object, Object>> {

    private final InputFormat<Object, Object> format;
    private final DeclaredTypes types;
    private final JobConf jobConf;
    private final BatchSourceContext context;

    @SuppressWarnings("unchecked")
    OldApiInputFormat(DeclaredTypes types, JobConf jobConf, BatchSourceContext context) {
        this.types = types;
        this.jobConf = jobConf;
        this.context = context;
        this.format = (InputFormat<Object, Object>) ReflectionUtils.newInstance(types.formatClass(), jobConf);
    }

    @Override
    public List<InputSplit<Pair<Object, Object>>> splits(ListedFile file) throws IOException {
        JobConf job = new JobConf(jobConf);
        FileInputFormat.setInputPaths(job, file.path());
        var splits = new ArrayList<InputSplit<Pair<Object, Object>>>();
        for (org.apache.hadoop.mapred.InputSplit split : format.getSplits(job, 1)) {
            splits.add(new FormatSplit(split));
        }
        return splits;
    }

    private final class FormatSplit extends SkippingSplit<Pair<Object, Object>> {

        private final org.apache.hadoop.mapred.InputSplit split;

        FormatSplit(org.apache.hadoop.mapred.InputSplit split) {
            super(context);
            this.split = split;
        }

        @Override
        void readRecords(Consumer<? super Pair<Object, Object>> out) throws IOException {
            try (RecordReader<Object, Object> reader = format.getRecordReader(split, jobConf, Reporter.NULL)) {
                Object key = reader.createKey();
                Object value = reader.createValue();
                while (reader.next(key, value)) {
                    out.accept(types.pair(key, value));
                }
            }
        }

        @Override
        public String description() {
            return split.toString();
        }
    }
}
