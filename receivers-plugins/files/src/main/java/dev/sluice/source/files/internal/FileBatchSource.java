package dev.sluice.source.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The new files of one directory, batch by batch: each poll lists the directory, picks the files
 * that are new for the batch and turns them into splits that the workers read. Polling only
 * lists, so a slow file slows its batch's workers, not the scheduler.
 */
final class FileBatchSource<T> implements BatchSource<T> {

    private final FileSettings settings;
    private final RecordFormat.Factory<T> formats;
    private BatchSourceContext context;
    private FileSystem fs;
    private DirectoryListing listing;
    private NewFileSelector selector;
    private RecordFormat<T> format;
    private FileChanges changes;
    /** The runtime's replay horizon, kept across a {@link #restore} that makes a new selector. */
    private long replayHorizon = Long.MAX_VALUE;

    /** How far a file's modification time may trail the clock: a few kernel ticks, and then some. */
    static final long FILE_TIME_LAG_MILLIS = 1000;

    FileBatchSource(FileSettings settings, RecordFormat.Factory<T> formats) {
        this.settings = settings;
        this.formats = formats;
    }

    @Override
    public void start(BatchSourceContext context) throws IOException {
        this.context = context;
        long startTime = context.startTime().millis();
        // file times come from the kernel's coarse clock and may trail ours: a file moved in just
        // after the start can carry an earlier time. The files there at the start are left out by
        // name instead, and the time threshold allows for the lag.
        selector = new NewFileSelector(settings.rememberMillis(context.batchInterval()),
                settings.newFilesOnly() ? startTime - FILE_TIME_LAG_MILLIS : Long.MIN_VALUE);
        HadoopCalls.call(() -> {
            Configuration conf = HadoopCalls.configuration(settings.hadoopProperties(), HadoopCalls.LOADER);
            Path directory = new Path(settings.directory());
            // an instance of its own: stop() would otherwise close Hadoop's shared one under other streams
            fs = FileSystem.newInstance(directory.toUri(), conf);
            listing = new DirectoryListing(fs, fs.makeQualified(directory), context);
            format = formats.create(fs, conf, context);
            changes = new FileChanges(fs, settings.changedFiles(), context);
            return null;
        });
        if (settings.newFilesOnly()) {
            selector.ignore(listing.list());
        }
    }

    @Override
    public List<InputSplit<T>> poll(Time batchTime) throws Exception {
        changes.takeRereads().forEach(selector::forget);
        List<ListedFile> files = selector.select(batchTime.millis(), listing.list());
        reportGone(batchTime, files);
        var splits = new ArrayList<InputSplit<T>>();
        for (ListedFile file : files) {
            try {
                for (InputSplit<T> split : HadoopCalls.call(() -> format.splits(file))) {
                    splits.add(new CheckedSplit<>(split, file, batchTime, changes,
                            settings.format() != FileSettings.Format.INPUT_FORMAT));
                }
            } catch (IOException e) {
                context.reportError("cannot read " + file.path() + ", skipped: " + e, e);
            }
        }
        context.reportStatus(files.size() + " new files in batch " + batchTime + ", " + selector.remembered()
                + " remembered");
        return splits;
    }

    /** A batch polled again after a restart whose files were deleted meanwhile runs without them: say so. */
    private void reportGone(Time batchTime, List<ListedFile> files) {
        var gone = new java.util.TreeSet<>(selector.takenBy(batchTime.millis()));
        files.forEach(f -> gone.remove(f.path().toString()));
        if (!gone.isEmpty()) {
            context.reportError("batch " + batchTime + " runs again after a restart without " + gone.size()
                    + " of its files, deleted since: " + gone, null);
        }
    }

    @Override
    public byte[] progress() {
        return selector.progress();
    }

    /** The files the earlier run took stay taken, and files older than its start stay ignored. */
    @Override
    public void restore(byte[] progress) throws IOException {
        selector = NewFileSelector.restore(settings.rememberMillis(context.batchInterval()), progress);
        selector.replayHorizon(replayHorizon);
    }

    /** Which batch took which file is kept as long as a recovery may poll that batch again. */
    @Override
    public void forget(Time horizon) {
        replayHorizon = horizon.millis();
        selector.replayHorizon(replayHorizon);
    }

    @Override
    public void stop() {
        if (fs != null) {
            try {
                HadoopCalls.call(() -> {
                    fs.close();
                    return null;
                });
            } catch (IOException e) {
                context.reportError("closing the file system of " + settings.directory() + " failed: " + e, e);
            }
        }
    }

    @Override
    public String description() {
        return "files in " + settings.directory();
    }
}
