package dev.sluice.source.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.spi.BatchSourceContext;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the files directly in the watched directory, leaving out subdirectories and names that
 * writers use while a file is incomplete. A directory that does not exist (yet) lists as empty and
 * is reported once each time it goes missing.
 */
final class DirectoryListing {

    private final FileSystem fs;
    private final Path directory;
    private final BatchSourceContext context;
    private boolean reportedMissing;

    DirectoryListing(FileSystem fs, Path directory, BatchSourceContext context) {
        this.fs = fs;
        this.directory = directory;
        this.context = context;
    }

    List<ListedFile> list() throws IOException {
        FileStatus[] statuses;
        try {
            statuses = HadoopCalls.call(() -> fs.listStatus(directory, p -> !isHiddenOrTemporary(p.getName())));
        } catch (FileNotFoundException e) {
            if (!reportedMissing) {
                reportedMissing = true;
                context.reportError("directory " + directory + " does not exist; batches stay empty until it is"
                        + " created", null);
            }
            return List.of();
        }
        reportedMissing = false;
        var files = new ArrayList<ListedFile>(statuses.length);
        for (FileStatus s : statuses) {
            if (s.isFile()) {
                files.add(new ListedFile(s.getPath(), s.getModificationTime(), s.getLen()));
            }
        }
        return files;
    }

    /** Names writers give files still being written (and Hadoop's own markers): {@code .x}, {@code _x}, {@code x.tmp}, {@code x._COPYING_}. */
    static boolean isHiddenOrTemporary(String name) {
        return name.startsWith(".") || name.startsWith("_") || name.endsWith(".tmp") || name.endsWith("._COPYING_");
    }
}
