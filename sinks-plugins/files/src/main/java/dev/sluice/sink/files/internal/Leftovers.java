package dev.sluice.sink.files.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a run of the sink that crashed while writing, before the first batch of a new
 * one. For each hidden directory of the prefix ({@link BatchPaths}):
 * <ul>
 *   <li>a complete attempt (with {@code _SUCCESS}) whose batch directory is missing crashed between
 *       moving the earlier one aside and its own rename: it is renamed into place;</li>
 *   <li>any other attempt is incomplete or superseded: deleted;</li>
 *   <li>a replaced batch whose batch directory is still missing (no complete attempt took its place)
 *       is moved back; otherwise deleted.</li>
 * </ul>
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    static void recover(FileSystem fs, BatchPaths paths) throws IOException {
        if (!fs.exists(paths.parent())) {
            return;
        }
        var found = new ArrayList<BatchPaths.Leftover>();
        for (FileStatus status : fs.listStatus(paths.parent())) {
            paths.leftover(status.getPath()).ifPresent(found::add);
        }
        // attempts first, so a replaced batch is only moved back when no complete attempt took its place
        found.sort(Comparator.comparing((BatchPaths.Leftover l) -> !l.isAttempt()).thenComparing(l -> l.path().getName()));
        for (BatchPaths.Leftover leftover : found) {
            recover(fs, leftover);
        }
    }

    private static void recover(FileSystem fs, BatchPaths.Leftover leftover) throws IOException {
        Path target = leftover.target();
        boolean restore = !fs.exists(target)
                && (!leftover.isAttempt() || fs.exists(new Path(leftover.path(), BatchAttempt.SUCCESS)));
        if (restore) {
            LOG.warn("Restoring batch directory {} from {}, left by a run that stopped while writing it", target,
                    leftover.path().getName());
            if (fs.rename(leftover.path(), target)) {
                return;
            }
        }
        LOG.info("Deleting {}, left by a run that stopped while writing {}", leftover.path(), target);
        fs.delete(leftover.path(), true);
    }
}
