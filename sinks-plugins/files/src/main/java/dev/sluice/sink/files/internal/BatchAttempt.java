package dev.sluice.sink.files.internal;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One attempt at writing a batch directory: written under a hidden name, marked complete with
 * {@code _SUCCESS}, then made visible by one rename. A batch written again replaces the earlier
 * attempt whole:
 * <ol>
 *   <li>the earlier directory is renamed aside to {@code .NAME._replaced-UUID} (hidden);</li>
 *   <li>this attempt is renamed to {@code NAME};</li>
 *   <li>the earlier directory is deleted.</li>
 * </ol>
 * A reader sees the earlier batch before step 1, no batch between steps 1 and 2, and this attempt
 * from step 2 on; never a part-written directory and never two attempts mixed. A crash between
 * steps 1 and 2 leaves both hidden; {@link Leftovers} finishes the commit when the sink is made
 * again. Only one writer per prefix: two outputs sharing a prefix would replace each other's batches.
 */
final class BatchAttempt {

    static final String SUCCESS = "_SUCCESS";

    private final FileSystem fs;
    private final Path dir;
    private final Path target;
    private final Path aside;

    BatchAttempt(FileSystem fs, Path dir, Path target, Path aside) {
        this.fs = fs;
        this.dir = dir;
        this.target = target;
        this.aside = aside;
    }

    Path dir() {
        return dir;
    }

    Path target() {
        return target;
    }

    void begin() throws IOException {
        if (!fs.mkdirs(dir)) {
            throw new IOException("could not create the directory " + dir);
        }
    }

    /** Marks the attempt complete; last inside it, so a hidden attempt with it needs only its rename. */
    void markComplete() throws IOException {
        fs.create(new Path(dir, SUCCESS), false).close();
    }

    void commit() throws IOException {
        boolean replacing = moveEarlierAside();
        try {
            promote();
        } catch (IOException e) {
            if (replacing) {
                putEarlierBack(e);
            }
            throw e;
        }
        if (replacing) {
            delete(aside);
        }
    }

    /** Step 1: whether there was an earlier attempt to move aside. */
    boolean moveEarlierAside() throws IOException {
        if (!fs.exists(target)) {
            return false;
        }
        rename(target, aside);
        return true;
    }

    /** Step 2. */
    void promote() throws IOException {
        // rename into an existing directory would nest this attempt inside it instead of replacing it
        if (fs.exists(target)) {
            throw new IOException(target + " appeared while this batch was being written; is another output"
                    + " writing to the same prefix?");
        }
        rename(dir, target);
    }

    private void putEarlierBack(IOException failure) {
        try {
            rename(aside, target);
        } catch (IOException e) {
            failure.addSuppressed(e); // Leftovers moves it back when the sink is made again
        }
    }

    /** Removes what is left of this attempt after a failure; the batch directory stays as it was. */
    void abort() throws IOException {
        delete(dir);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private void delete(Path path) throws IOException {
        if (fs.exists(path) && !fs.delete(path, true)) {
            throw new IOException("could not delete " + path);
        }
    }
}
