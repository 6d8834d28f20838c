package dev.sluice.runtime.internal.storage;

import org.apache.hadoop.fs.Path;

/** Where one block is in a write-ahead log: its file, and the offset and length of its record there. */
public record LogSegment(String file, long offset, int length) {

    /** The file's name without its directory: the same block under another URI of the same directory. */
    public String fileName() {
        return new Path(file).getName();
    }
}
