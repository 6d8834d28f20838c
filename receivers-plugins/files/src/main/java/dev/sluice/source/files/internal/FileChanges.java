package dev.sluice.source.files.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.hadoop.HadoopCalls;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Notices a file that changed or disappeared between the listing that gave it to a batch and its
 * reading (its length and modification time then and now), and applies the stream's policy:
 * {@code changedFiles=reread} hands it to a later batch, to be read whole once it stops changing;
 * {@code skip} leaves it out; {@code fail} fails the batch. Each case is reported.
 */
final class FileChanges {

    /** What a batch does with a file that changed between its listing and its reading. */
    enum Policy {
        REREAD, SKIP, FAIL;

        static Policy parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "reread" -> REREAD;
                case "skip" -> SKIP;
                case "fail" -> FAIL;
                default -> throw new dev.sluice.api.ConfigException(FileSettings.CHANGED_FILES
                        + " must be reread, skip or fail, got '" + text + "'");
            };
        }
    }

    private final FileSystem fs;
    private final Policy policy;
    private final BatchSourceContext context;
    /** Files to read again, handed from the workers to the next poll. */
    private final Queue<String> rereads = new ConcurrentLinkedQueue<>();

    FileChanges(FileSystem fs, Policy policy, BatchSourceContext context) {
        this.fs = fs;
        this.policy = policy;
        this.context = context;
    }

    /** How {@code file} differs now from its listing, or empty if it does not. */
    Optional<String> changeOf(ListedFile file) throws IOException {
        FileStatus now;
        try {
            now = HadoopCalls.call(() -> fs.getFileStatus(file.path()));
        } catch (FileNotFoundException e) {
            return Optional.of("it disappeared");
        }
        if (now.getLen() == file.length() && now.getModificationTime() == file.modificationTime()) {
            return Optional.empty();
        }
        return Optional.of("length " + file.length() + " -> " + now.getLen() + " bytes, modified at "
                + file.modificationTime() + " -> " + now.getModificationTime() + " ms");
    }

    /**
     * Applies the policy to {@code file}, which {@code change} describes, read for the batch at
     * {@code batch}; {@code counted} of its records were given to the batch before the change was seen.
     */
    void changed(ListedFile file, Time batch, String change, long counted) {
        String message = "cannot read " + file.path() + " for batch " + batch + " as listed: " + change
                + " since the listing";
        if (policy == Policy.FAIL) {
            throw new SluiceException(message + "; changedFiles=fail fails the batch. Write files elsewhere and move"
                    + " them into the directory when complete");
        }
        if (counted > 0) {
            context.reportError(message + "; " + counted + " of its records were counted before the change was seen"
                    + " (a file this large is read as it streams), and it is not read again", null);
        } else if (policy == Policy.REREAD && !change.equals("it disappeared")) {
            rereads.add(file.path().toString());
            context.reportError(message + "; it is read again, whole, by a later batch", null);
        } else {
            context.reportError(message + "; skipped", null);
        }
    }

    /** The files to hand to a later batch since the last call. */
    java.util.List<String> takeRereads() {
        var files = new java.util.ArrayList<String>();
        for (String f = rereads.poll(); f != null; f = rereads.poll()) {
            files.add(f);
        }
        return files;
    }
}
