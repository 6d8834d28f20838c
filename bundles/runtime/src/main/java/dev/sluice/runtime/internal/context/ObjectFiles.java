package dev.sluice.runtime.internal.context;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.SourceProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code objectFile}: reads every object file under a path at once, through the files source
 * (the one place object files are read), as one poll that takes all files whatever their age.
 */
final class ObjectFiles {

    private ObjectFiles() {
    }

    /** The elements of each file, one list per file; any file that cannot be read fails the call. */
    @SuppressWarnings("unchecked")
    static <T> List<List<T>> read(SourceProvider files, Config config, String path) {
        var errors = new CopyOnWriteArrayList<String>();
        var source = (BatchSource<T>) files.createBatchSource(config);
        var parts = new ArrayList<List<T>>();
        try {
            source.start(new Context(errors));
            for (InputSplit<T> split : source.poll(Context.EVERYTHING)) {
                var elements = new ArrayList<T>();
                split.read(elements::add);
                parts.add(elements);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SluiceException("cannot read the object files at " + path + ": " + e.getMessage(), e);
        } finally {
            source.stop();
        }
        if (!errors.isEmpty()) {
            throw new SluiceException("cannot read the object files at " + path + ": " + String.join("; ", errors));
        }
        return parts;
    }

    /** One poll covering all time: every file there is old enough to be taken. */
    private record Context(List<String> errors) implements BatchSourceContext {

        static final Time EVERYTHING = new Time(Long.MAX_VALUE);

        @Override
        public Duration batchInterval() {
            return Duration.ofMillis(1);
        }

        @Override
        public Time firstBatchTime() {
            return EVERYTHING;
        }

        @Override
        public Time startTime() {
            return new Time(Long.MIN_VALUE);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            errors.add(message);
        }

        @Override
        public void reportStatus(String status) {
        }
    }
}
