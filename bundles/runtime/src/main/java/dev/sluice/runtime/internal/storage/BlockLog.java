package dev.sluice.runtime.internal.storage;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** A receiver's write-ahead log, as the block generator sees it (no Hadoop types, so nothing loads Hadoop unless a log is used). */
public interface BlockLog {

    /** Appends a serialized block durably; when this returns it survives a crash. */
    LogSegment append(byte[] block) throws IOException;

    /** The block is no longer needed. */
    void release(LogSegment segment);

    byte[] read(LogSegment segment) throws IOException;

    /**
     * The blocks an earlier run left in this log's directory, in the order they were written; a
     * record torn by a crash while it was appended (never acknowledged) is left out. Call before
     * the first {@link #append}.
     */
    List<LogSegment> recover() throws IOException;

    /** Deletes files an earlier run left, once no checkpoint can need their blocks. */
    void deleteFiles(Collection<String> files);
}
