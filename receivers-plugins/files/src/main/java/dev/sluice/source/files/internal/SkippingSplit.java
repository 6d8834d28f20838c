package dev.sluice.source.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A split that reads a file, or part of one, through Hadoop. A file that cannot be read (gone,
 * not permitted, corrupt) is reported and skipped rather than failing the batch; the records read
 * before the failure stay in the batch.
 */
abstract class SkippingSplit<T> implements InputSplit<T> {

    private final BatchSourceContext context;

    SkippingSplit(BatchSourceContext context) {
        this.context = context;
    }

    @Override
    public final void read(Consumer<? super T> out) throws Exception {
        try {
            HadoopCalls.call(() -> {
                readRecords(out);
                return null;
            });
        } catch (IOException e) {
            context.reportError("cannot read " + description() + ", skipped: " + e, e);
        }
    }

    /** Passes every record to {@code out}, in order. */
    abstract void readRecords(Consumer<? super T> out) throws IOException, InterruptedException;
}
