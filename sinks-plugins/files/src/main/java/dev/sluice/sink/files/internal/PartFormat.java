package dev.sluice.sink.files.internal;

import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;

/** How one partition of a batch becomes a part file: text lines, SequenceFile, a Hadoop OutputFormat. */
@FunctionalInterface
interface PartFormat<T> {

    /**
     * Writes {@code elements} below {@code task.dir()} and returns the directory holding the part,
     * which is {@code task.dir()} unless the format puts its work elsewhere below it.
     */
    Path write(Iterator<? extends T> elements, PartTask task) throws IOException;
}
