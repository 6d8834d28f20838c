package dev.sluice.sink.files.internal;

import dev.sluice.hadoop.FreeSpace;
import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch as the directory {@code prefix-TIME_IN_MS[.suffix]} of one part file per
 * partition and a {@code _SUCCESS} marker, the layout Hadoop tools read. Partitions are written in
 * parallel by the workers, each into a directory of its own inside a hidden attempt, which becomes
 * the batch directory by one rename ({@link BatchAttempt}). A batch written again (the runtime
 * retries a failed write, recovery re-runs batches) replaces the earlier directory whole.
 *
 * <p>Parts are written by {@code mapPartitions}, the Dataset operation that hands a whole
 * partition to one call; the runtime gathers a partition before that call, so one partition per
 * worker is in memory at a time, never the whole batch.
 */
final class FileBatchSink<T> implements Sink<T> {

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchSink.class);

    private final String type;
    private final FileSinkSettings settings;
    private final Configuration conf;
    private final PartFormat<T> format;
    private final FileSystem fs;
    private final BatchPaths paths;

    FileBatchSink(String type, FileSinkSettings settings, Configuration conf, PartFormat<T> format) {
        this.type = type;
        this.settings = settings;
        this.conf = conf;
        this.format = format;
        try {
            this.fs = HadoopCalls.call(() -> new Path(settings.prefix()).getFileSystem(conf));
            this.paths = new BatchPaths(HadoopCalls.call(() -> fs.makeQualified(new Path(settings.prefix()))),
                    settings.suffix());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("the " + type + " sink cannot write to prefix " + settings.prefix() + ": " + e);
        }
        recoverLeftovers();
    }

    /**
     * A sink of {@code type} with the settings in {@code config}; {@code namedClasses} are classes
     * the output names (key, value, OutputFormat) that Hadoop may have to load by name.
     */
    static <T> FileBatchSink<T> create(String type, Config config, PartFormat<T> format, List<Class<?>> namedClasses) {
        var settings = FileSinkSettings.from(config, type);
        var conf = HadoopCalls.configuration(settings.hadoopProperties(),
                JoinedClassLoader.of(HadoopCalls.LOADER, namedClasses));
        return new FileBatchSink<>(type, settings, conf, format);
    }

    private void recoverLeftovers() {
        try {
            HadoopCalls.run(() -> Leftovers.recover(fs, paths));
        } catch (IOException e) {
            // a later batch still writes correctly; only hidden directories of the crashed run stay
            LOG.warn("Could not clean up after an earlier run of the {} sink under {}: {}", type, paths.parent(), e.toString());
        }
    }

    @Override
    public void write(Dataset<T> batch, Time time) {
        var attempt = new BatchAttempt(fs, paths.newAttempt(time), paths.target(time), paths.newAside(time));
        try {
            HadoopCalls.run(attempt::begin);
            List<Path> outputs = writeParts(parts(batch), attempt.dir(), time);
            HadoopCalls.run(() -> {
                PartFiles.collect(fs, attempt.dir(), outputs, taskDirs(attempt.dir(), outputs.size()));
                attempt.markComplete();
                attempt.commit();
            });
        } catch (IOException | RuntimeException e) {
            var failure = FileOutputException.of("the " + type + " sink could not write batch " + time + " to "
                    + attempt.target(), e, FreeSpace.at(fs, paths.parent()));
            abort(attempt, failure);
            throw failure;
        }
    }

    private Dataset<T> parts(Dataset<T> batch) {
        int most = settings.filesPerBatch();
        return most > 0 && batch.numPartitions() > most ? batch.coalesce(most) : batch;
    }

    /** One task per partition on the workers; the outputs come back in partition order. */
    private List<Path> writeParts(Dataset<T> batch, Path attemptDir, Time time) {
        var numbers = new AtomicInteger();
        return batch.<Path>mapPartitions(elements -> List.of(writePart(elements, attemptDir, numbers.getAndIncrement(), time))
                .iterator()).collect();
    }

    private Path writePart(Iterator<T> elements, Path attemptDir, int number, Time time) {
        var task = new PartTask(fs, conf, taskDir(attemptDir, number), number, time);
        try {
            return HadoopCalls.call(() -> format.write(elements, task));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path taskDir(Path attemptDir, int number) {
        return new Path(attemptDir, "_task-" + number);
    }

    private static List<Path> taskDirs(Path attemptDir, int count) {
        var dirs = new ArrayList<Path>(count);
        for (int i = 0; i < count; i++) {
            dirs.add(taskDir(attemptDir, i));
        }
        return dirs;
    }

    private void abort(BatchAttempt attempt, FileOutputException failure) {
        try {
            HadoopCalls.run(attempt::abort);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e); // the next run's sink removes it
        }
    }
}
