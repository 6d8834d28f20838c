package dev.sluice.sink.files.internal;

import dev.sluice.api.Pair;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputFormat;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A part of {@code saveAsHadoopFiles} with an old-API ({@code org.apache.hadoop.mapred})
 * OutputFormat: the format's record writer, named {@code part}, in the task's directory, which is
 * both the job's output and the task's work directory, so the format writes there directly.
 */
final class OldApiPart implements PartFormat<Object> {

    private final DeclaredOutput declared;

    OldApiPart(DeclaredOutput declared) {
        this.declared = declared;
    }

    @Override
    @SuppressWarnings({"unchecked", "try"})
    public Path write(Iterator<?> elements, PartTask task) throws IOException {
        JobConf job = declared.jobConf(task);
        var format = (OutputFormat<Object, Object>) ReflectionUtils.newInstance(declared.outputFormat(), job);
        RecordWriter<Object, Object> writer = format.getRecordWriter(task.fs(), job, "part", Reporter.NULL);
        try (Closeable closing = () -> writer.close(Reporter.NULL)) {
            while (elements.hasNext()) {
                Pair<?, ?> pair = Writables.pair(elements.next());
                writer.write(declared.key(pair.key()), declared.value(pair.value()));
            }
        }
        return task.dir();
    }
}
