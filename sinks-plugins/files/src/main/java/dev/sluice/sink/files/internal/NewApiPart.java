package dev.sluice.sink.files.internal;

import dev.sluice.api.Pair;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A part of {@code saveAsNewAPIHadoopFiles} ({@code org.apache.hadoop.mapreduce} OutputFormat):
 * the format's record writer for a task attempt whose job output is the task's directory. A file
 * format writes into its committer's work directory below it (its own {@code _temporary/...});
 * the batch's commit, not Hadoop's committer, makes the part visible, so the work directory is
 * what this returns.
 */
final class NewApiPart implements PartFormat<Object> {

    private final DeclaredOutput declared;

    NewApiPart(DeclaredOutput declared) {
        this.declared = declared;
    }

    @Override
    @SuppressWarnings({"unchecked", "try"})
    public Path write(Iterator<?> elements, PartTask task) throws IOException {
        TaskAttemptContext context = new TaskAttemptContextImpl(declared.jobConf(task), DeclaredOutput.attemptId(task));
        var format = (OutputFormat<Object, Object>) ReflectionUtils.newInstance(declared.outputFormat(),
                context.getConfiguration());
        try {
            RecordWriter<Object, Object> writer = format.getRecordWriter(context);
            try (Closeable closing = () -> close(writer, context)) {
                while (elements.hasNext()) {
                    Pair<?, ?> pair = Writables.pair(elements.next());
                    writer.write(declared.key(pair.key()), declared.value(pair.value()));
                }
            }
            OutputCommitter committer = format.getOutputCommitter(context);
            return committer instanceof PathOutputCommitter files && files.getWorkPath() != null
                    ? files.getWorkPath() : task.dir();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static void close(RecordWriter<Object, Object> writer, TaskAttemptContext context) throws IOException {
        try {
            writer.close(context);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        var io = new InterruptedIOException("interrupted while writing a part; the stream is stopping");
        io.initCause(e);
        return io;
    }
}
