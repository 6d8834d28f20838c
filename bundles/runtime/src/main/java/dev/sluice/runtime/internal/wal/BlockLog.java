package dev.sluice.runtime.internal.wal;

import java.io.IOException;

/** A receiver's write-ahead log, as the block generator sees it (no Hadoop types, so nothing loads Hadoop unless a log is used). */
public interface BlockLog {

    /** Appends a serialized block durably; when this returns it survives a crash. */
    LogSegment append(byte[] block) throws IOException;

    /** The block is no longer needed. */
    void release(LogSegment segment);

    byte[] read(LogSegment segment) throws IOException;
}
