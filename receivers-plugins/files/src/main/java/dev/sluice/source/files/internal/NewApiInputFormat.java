package dev.sluice.source.files.internal;

import dev.sluice.api.Pair;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Records read by a Hadoop {@code org.apache.hadoop.mapreduce.InputFormat}: the format splits each
 * new file as it would for a MapReduce job (a large file into several splits), and each split's
 * record reader gives its key-value pairs.
 */
final class NewApiInputFormat implements RecordFormat<Pair<Object, Object>> {

    private final InputFormat<Object, Object> format;
    private final DeclaredTypes types;
    /** Shared by the readers: a task context copies any other kind of configuration. */
    private final JobConf jobConf;
    private final BatchSourceContext context;

    @SuppressWarnings("unchecked")
    NewApiInputFormat(DeclaredTypes types, JobConf jobConf, BatchSourceContext context) {
        this.types = types;
        this.jobConf = jobConf;
        this.context = context;
        this.format = (InputFormat<Object, Object>) ReflectionUtils.newInstance(types.formatClass(), jobConf);
    }

    @Override
    public List<InputSplit<Pair<Object, Object>>> splits(ListedFile file) throws IOException, InterruptedException {
        Job job = Job.getInstance(jobConf);
        FileInputFormat.setInputPaths(job, file.path());
        var splits = new ArrayList<InputSplit<Pair<Object, Object>>>();
        for (org.apache.hadoop.mapreduce.InputSplit split : format.getSplits(job)) {
            splits.add(new FormatSplit(split));
        }
        return splits;
    }

    private final class FormatSplit extends SkippingSplit<Pair<Object, Object>> {

        private final org.apache.hadoop.mapreduce.InputSplit split;

        FormatSplit(org.apache.hadoop.mapreduce.InputSplit split) {
            super(context);
            this.split = split;
        }

        @Override
        void readRecords(Consumer<? super Pair<Object, Object>> out) throws IOException, InterruptedException {
            TaskAttemptContext attempt = new TaskAttemptContextImpl(jobConf, new TaskAttemptID());
            try (RecordReader<Object, Object> reader = format.createRecordReader(split, attempt)) {
                reader.initialize(split, attempt);
                while (reader.nextKeyValue()) {
                    out.accept(types.pair(reader.getCurrentKey(), reader.getCurrentValue()));
                }
            }
        }

        @Override
        public String description() {
            return split.toString();
        }
    }
}
