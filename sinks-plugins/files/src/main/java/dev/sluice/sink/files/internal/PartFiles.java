package dev.sluice.sink.files.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Names the parts of a batch after their partition: the output of partition {@code i} becomes
 * {@code part-NNNNN} (five digits from 00000) with the extension its format gave it, e.g.
 * {@code part-00003.deflate}. A format that wrote several files for one partition keeps their
 * names after the number: {@code part-00003-index}.
 */
final class PartFiles {

    private PartFiles() {
    }

    static String name(int partition) {
        return String.format("part-%05d", partition);
    }

    /** Moves each partition's output from its task directory into {@code dir} and removes the task directories. */
    static void collect(FileSystem fs, Path dir, List<Path> outputs, List<Path> taskDirs) throws IOException {
        for (int partition = 0; partition < outputs.size(); partition++) {
            List<FileStatus> written = visible(fs, outputs.get(partition));
            for (FileStatus file : written) {
                String name = file.getPath().getName();
                String partName = written.size() == 1 ? name(partition) + extension(name) : name(partition) + "-" + name;
                Path to = new Path(dir, partName);
                if (!fs.rename(file.getPath(), to)) {
                    throw new IOException("could not rename " + file.getPath() + " to " + to);
                }
            }
        }
        for (Path taskDir : taskDirs) {
            fs.delete(taskDir, true);
        }
    }

    private static List<FileStatus> visible(FileSystem fs, Path output) throws IOException {
        var files = new ArrayList<FileStatus>();
        if (!fs.exists(output)) {
            return files; // a format that wrote nothing for an empty partition
        }
        for (FileStatus status : fs.listStatus(output)) {
            String name = status.getPath().getName();
            if (!name.startsWith("_") && !name.startsWith(".")) {
                files.add(status);
            }
        }
        files.sort(Comparator.comparing(s -> s.getPath().getName()));
        return files;
    }

    /** From the first dot of the file's name: a compression codec's, e.g. ".gz"; none for "part". */
    private static String extension(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
