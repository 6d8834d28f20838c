package dev.sluice.api.spi;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/** One partition of a {@link BatchSource}'s batch, e.g. a file: read by a worker when the batch runs. */
@ConsumerType
public interface InputSplit<T> {

    /** Reads every record of the split, in order. May be called again for a batch that runs again. */
    void read(Consumer<? super T> out) throws Exception;

    /** What the split is, for errors, e.g. the file's path. */
    String description();
}
