package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayDeque;

/**
 * One state partition's dealt shares ({@link DealtSlots}) that the last batch's pass is done with, kept
 * for the next batch's deal. A share's arrays hold a slot and a key for each of a partition's records:
 * made anew every batch, hundreds of megabytes of them live through the deal and the pass, outlast a
 * young collection and are copied, then promoted, only to die at the batch's end. Kept, they stay where
 * they are. Thread-safe: the map tasks of a deal take their shares at once.
 */
final class SpareShares {

    /** More spares than a batch has map tasks are never needed; a batch of more tasks makes the rest anew. */
    private static final int MAX_SPARES = 64;
    /** A spare this many times larger than a share needs goes: a burst's shares do not stay for good. */
    private static final int SHRINK_ABOVE = 4;

    private final ArrayDeque<DealtSlots> spares = new ArrayDeque<>();

    /** A spare with room for {@code capacity} records, emptied, or null when there is none. */
    synchronized DealtSlots take(int capacity) {
        while (!spares.isEmpty()) {
            DealtSlots spare = spares.pop();
            if (spare.capacity() >= capacity && spare.capacity() / SHRINK_ABOVE <= capacity) {
                return spare;
            }
        }
        return null;
    }

    /** Keeps {@code share}, which its pass has read and {@linkplain DealtSlots#empty emptied}. */
    synchronized void give(DealtSlots share) {
        if (spares.size() < MAX_SPARES) {
            spares.push(share);
        }
    }

    synchronized int size() {
        return spares.size();
    }
}
