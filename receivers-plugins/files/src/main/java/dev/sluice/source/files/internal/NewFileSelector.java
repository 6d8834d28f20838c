package dev.sluice.source.files.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which listed files a batch reads, so that each file is read by exactly one batch.
 * The batch at time t takes the files modified after the ignore threshold and at or before t that
 * no earlier batch took. The threshold trails t by the remember window, so a file whose
 * modification time is behind (moved in after a delay, listed late) is still taken, and it never
 * goes below the stream's start unless files already there are wanted. The files taken are
 * remembered by name until their modification time drops below the threshold: memory stays bounded
 * by the files of one window.
 */
final class NewFileSelector {

    private final long rememberMillis;
    private final long ignoredUpTo;
    private final Map<String, Long> taken = new HashMap<>();
    private boolean selectedBefore;

    /**
     * @param rememberMillis how far behind its batch a file's modification time may be
     * @param ignoredUpTo files modified at or before this time are never taken, except by the
     *                    first batch when it is {@link Long#MIN_VALUE}
     */
    NewFileSelector(long rememberMillis, long ignoredUpTo) {
        this.rememberMillis = rememberMillis;
        this.ignoredUpTo = ignoredUpTo;
    }

    /** The files of the batch at {@code batchTime}; call with increasing batch times. */
    List<ListedFile> select(long batchTime, List<ListedFile> listed) {
        // the first batch takes everything after the start, however old (or all, for newFilesOnly=false)
        long threshold = selectedBefore ? Math.max(ignoredUpTo, batchTime - rememberMillis) : ignoredUpTo;
        selectedBefore = true;
        taken.values().removeIf(modified -> modified <= threshold);

        var selected = new ArrayList<ListedFile>();
        for (ListedFile f : listed) {
            String name = f.path().toString();
            long modified = f.modificationTime();
            if (taken.containsKey(name)) {
                // a file changed after it was read stays read: remember it as long as its new time needs
                taken.merge(name, modified, Math::max);
            } else if (modified > threshold && modified <= batchTime) {
                taken.put(name, modified);
                selected.add(f);
            }
        }
        return selected;
    }

    /** How many file names are remembered now. */
    int remembered() {
        return taken.size();
    }
}
