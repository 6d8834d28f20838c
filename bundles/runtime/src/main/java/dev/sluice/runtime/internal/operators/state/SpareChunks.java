package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.List;

/**
 * One state partition's dealt chunks ({@link DealtChunk}) that the last batch's pass is done with, kept
 * for the next batch's deal. They hold a slot and a packed key for each of the partition's records:
 * made anew every batch, hundreds of megabytes of them lived through the deal and the pass, outlasted
 * a young collection and were copied, then promoted, only to die at the batch's end. Kept, they stay
 * where they are. Thread-safe: the map tasks of a deal take their chunks at once.
 */
final class SpareChunks {

    /** Spare chunks kept beyond what twice the last batch's records fill: a map task's last chunk is partly filled. */
    private static final int SLACK = 32;

    private final List<DealtChunk> spares = new ArrayList<>();
    /** How many records the last batch dealt to the partition: how many spares are kept follows from it. */
    int lastDealt;

    /** A spare chunk, emptied, or null when there is none. */
    synchronized DealtChunk take() {
        return spares.isEmpty() ? null : spares.remove(spares.size() - 1);
    }

    /**
     * Keeps {@code chunk}, which its pass has read and emptied, unless the spares already fill twice the
     * last batch's records, and a few more.
     */
    synchronized void give(DealtChunk chunk) {
        if (spares.size() < (2L * lastDealt >>> DealtChunk.SHIFT) + SLACK) {
            spares.add(chunk);
        }
    }

    synchronized int size() {
        return spares.size();
    }
}
