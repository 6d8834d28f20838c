package dev.sluice.source.files.internal;

import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** How a new file becomes splits of its batch: text lines, binary records or an InputFormat's records. */
interface RecordFormat<T> {

    /** The splits of {@code file}; called on the scheduler's thread, so it may look at the file but not read it. */
    List<InputSplit<T>> splits(ListedFile file) throws IOException, InterruptedException;

    /** Makes the format of one stream once its file system is open. */
    @FunctionalInterface
    interface Factory<T> {
        RecordFormat<T> create(FileSystem fs, Configuration conf, BatchSourceContext context);
    }
}
