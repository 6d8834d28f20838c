package dev.sluice.hadoop;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a failed write says: the file, the cause, and the space left where it was written, so that a
 * full disk is recognised from the message alone.
 */
public final class FreeSpace {

    private FreeSpace() {
    }

    /** {@code failure} as a write of {@code file} that failed, with the space left on its file system. */
    public static IOException failedWrite(FileSystem fs, Path file, IOException failure) {
        return new IOException("cannot write " + file + ": " + failure.getMessage() + " (" + at(fs, file) + ")",
                failure);
    }

    /** Where the file system of {@code path} stands, e.g. {@code 12.0 KiB free there}. */
    public static String at(FileSystem fs, Path path) {
        try {
            return bytes(HadoopCalls.call(() -> {
                Path existing = path;
                // a local file system measures the partition of a path that exists
                while (existing.getParent() != null && !fs.exists(existing)) {
                    existing = existing.getParent();
                }
                return fs.getStatus(existing).getRemaining();
            })) + " free there";
        } catch (IOException | RuntimeException e) {
            return "free space unknown: " + e.getMessage();
        }
    }

    /** e.g. {@code 512 bytes}, {@code 12.0 KiB}, {@code 3.5 GiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
