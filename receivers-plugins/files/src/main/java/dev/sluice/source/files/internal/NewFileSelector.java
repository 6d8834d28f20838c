package dev.sluice.source.files.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    /** Version of {@link #progress()}'s bytes. */
    private static final byte PROGRESS_VERSION = 1;

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

    /**
     * What the selector knows, for a checkpoint: the ignore threshold of the stream's first start,
     * whether a batch was selected, and the files taken with their modification times.
     */
    byte[] progress() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(PROGRESS_VERSION);
            out.writeLong(ignoredUpTo);
            out.writeBoolean(selectedBefore);
            out.writeInt(taken.size());
            for (Map.Entry<String, Long> e : taken.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** A selector that goes on from {@code progress}: the files it had taken stay taken. */
    static NewFileSelector restore(long rememberMillis, byte[] progress) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(progress))) {
            byte version = in.readByte();
            if (version != PROGRESS_VERSION) {
                throw new IOException("file stream progress of version " + version + "; this source reads version "
                        + PROGRESS_VERSION);
            }
            var selector = new NewFileSelector(rememberMillis, in.readLong());
            selector.selectedBefore = in.readBoolean();
            for (int n = in.readInt(); n > 0; n--) {
                selector.taken.put(in.readUTF(), in.readLong());
            }
            return selector;
        }
    }

    /** How many file names are remembered now. */
    int remembered() {
        return taken.size();
    }
}
