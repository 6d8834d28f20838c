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
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which listed files a batch reads, so that each file is read by exactly one batch.
 * The batch at time t takes the files modified after the ignore threshold and at or before t that
 * no earlier batch took. The threshold trails t by the remember window, so a file whose
 * modification time is behind (moved in after a delay, listed late) is still taken, and it never
 * goes below the stream's start unless files already there are wanted.
 *
 * <p>Each file taken is remembered with the batch that took it, until both its modification time
 * and that batch are a remember window behind, and no kept checkpoint may replay that batch (the
 * runtime's replay horizon): memory stays bounded by the files of the longer of the two.
 * Restored from its {@link #progress()} after a crash, the selector gives a batch it had already
 * selected for exactly the files it took then (a replay), whatever arrived since; later batches go
 * on as usual.
 */
final class NewFileSelector {

    /** Version of {@link #progress()}'s bytes. */
    private static final byte PROGRESS_VERSION = 2;

    /** A file taken: its modification time then, and the batch that took it. */
    private record Taken(long modified, long batch) {
    }

    private final long rememberMillis;
    private final long ignoredUpTo;
    private final Map<String, Taken> taken = new HashMap<>();
    private boolean selectedBefore;
    /** The latest batch selected; a batch at or before it is a replay. */
    private long lastSelected = Long.MIN_VALUE;
    /**
     * No recovery replays the batches at or before this one; until the runtime says how far back it
     * replays (a stream without checkpoints never does), the remember window alone decides.
     */
    private long replayHorizon = Long.MAX_VALUE;

    /**
     * @param rememberMillis how far behind its batch a file's modification time may be
     * @param ignoredUpTo files modified at or before this time are never taken, except by the
     *                    first batch when it is {@link Long#MIN_VALUE}
     */
    NewFileSelector(long rememberMillis, long ignoredUpTo) {
        this.rememberMillis = rememberMillis;
        this.ignoredUpTo = ignoredUpTo;
    }

    /** The files of the batch at {@code batchTime}; call with increasing batch times (after a restore, from any). */
    List<ListedFile> select(long batchTime, List<ListedFile> listed) {
        if (batchTime <= lastSelected) {
            return replay(batchTime, listed);
        }
        lastSelected = batchTime;
        // the first batch takes everything after the start, however old (or all, for newFilesOnly=false)
        long threshold = selectedBefore ? Math.max(ignoredUpTo, batchTime - rememberMillis) : ignoredUpTo;
        selectedBefore = true;
        taken.values().removeIf(t -> t.modified() <= threshold && t.batch() <= batchTime - rememberMillis
                && t.batch() <= replayHorizon);

        var selected = new ArrayList<ListedFile>();
        for (ListedFile f : listed) {
            String name = f.path().toString();
            long modified = f.modificationTime();
            Taken before = taken.get(name);
            if (before != null) {
                // a file changed after it was read stays read: remember it as long as its new time needs
                taken.put(name, new Taken(Math.max(before.modified(), modified), before.batch()));
            } else if (modified > threshold && modified <= batchTime) {
                taken.put(name, new Taken(modified, batchTime));
                selected.add(f);
            }
        }
        return selected;
    }

    /** The listed files that the batch at {@code batchTime} took when it was selected first. */
    private List<ListedFile> replay(long batchTime, List<ListedFile> listed) {
        var selected = new ArrayList<ListedFile>();
        for (ListedFile f : listed) {
            Taken t = taken.get(f.path().toString());
            if (t != null && t.batch() == batchTime) {
                selected.add(f);
            }
        }
        return selected;
    }

    /** The names of the files the batch at {@code batchTime} took, for telling which of them are gone. */
    Set<String> takenBy(long batchTime) {
        var names = new TreeSet<String>();
        taken.forEach((name, t) -> {
            if (t.batch() == batchTime) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * What the selector knows, for a checkpoint: the ignore threshold of the stream's first start,
     * whether a batch was selected and the latest one, and each file taken with its modification
     * time and batch.
     */
    byte[] progress() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(PROGRESS_VERSION);
            out.writeLong(ignoredUpTo);
            out.writeBoolean(selectedBefore);
            out.writeLong(lastSelected);
            out.writeInt(taken.size());
            for (Map.Entry<String, Taken> e : taken.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().modified());
                out.writeLong(e.getValue().batch());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** A selector that goes on from {@code progress}: the files it had taken stay taken, each by its batch. */
    static NewFileSelector restore(long rememberMillis, byte[] progress) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(progress))) {
            byte version = in.readByte();
            if (version != PROGRESS_VERSION) {
                throw new IOException("file stream progress of version " + version + "; this source reads version "
                        + PROGRESS_VERSION);
            }
            var selector = new NewFileSelector(rememberMillis, in.readLong());
            selector.selectedBefore = in.readBoolean();
            selector.lastSelected = in.readLong();
            for (int n = in.readInt(); n > 0; n--) {
                selector.taken.put(in.readUTF(), new Taken(in.readLong(), in.readLong()));
            }
            return selector;
        }
    }

    /**
     * Leaves out the files there at the stream's start that the time threshold would not: those
     * modified just before it. They count as taken before the first batch, and are forgotten once
     * their time is behind the threshold.
     */
    void ignore(List<ListedFile> present) {
        for (ListedFile f : present) {
            if (f.modificationTime() > ignoredUpTo) {
                taken.putIfAbsent(f.path().toString(), new Taken(f.modificationTime(), Long.MIN_VALUE));
            }
        }
    }

    /** No recovery replays the batches at or before {@code horizon} any more: the files they took may go. */
    void replayHorizon(long horizon) {
        replayHorizon = horizon;
    }

    /**
     * Forgets that a batch took {@code name}: it changed while that batch read it, and the next
     * batch whose time is at or after its modification time takes it again.
     */
    void forget(String name) {
        taken.remove(name);
    }

    /** How many file names are remembered now. */
    int remembered() {
        return taken.size();
    }
}
