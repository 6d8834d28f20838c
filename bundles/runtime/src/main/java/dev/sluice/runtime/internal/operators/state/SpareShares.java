package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.List;

/**
 * One state partition's dealt shares ({@link DealtSlots}) that the last batch's pass is done with, kept
 * for the next batch's deal. A share's arrays hold a slot and a key for each of a partition's records:
 * made anew every batch, hundreds of megabytes of them live through the deal and the pass, outlast a
 * young collection and are copied, then promoted, only to die at the batch's end. Kept, they stay where
 * they are. Thread-safe: the map tasks of a deal take their shares at once.
 */
final class SpareShares {

    /** A spare this many times larger than a share needs is not taken: a burst's shares do not stay for good. */
    private static final int SHRINK_ABOVE = 4;

    private final List<DealtSlots> spares = new ArrayList<>();
    /** The records the spares have room for. */
    private long room;

    /**
     * The smallest spare with room for {@code capacity} records and not far more, emptied, or null when
     * there is none. The others stay: a batch cut into fewer map tasks than the last needs larger shares,
     * the next one maybe smaller ones again.
     */
    synchronized DealtSlots take(int capacity) {
        int best = -1;
        for (int i = 0; i < spares.size(); i++) {
            int c = spares.get(i).capacity();
            if (c >= capacity && c / SHRINK_ABOVE <= capacity && (best < 0 || c < spares.get(best).capacity())) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        DealtSlots spare = spares.remove(best);
        room -= spare.capacity();
        return spare;
    }

    /**
     * Keeps {@code share}, which its pass has read and {@linkplain DealtSlots#empty emptied}, then lets the
     * smallest spares go until they have room for at most {@code maxRoom} records.
     */
    synchronized void give(DealtSlots share, long maxRoom) {
        spares.add(share);
        room += share.capacity();
        while (room > maxRoom && !spares.isEmpty()) {
            int smallest = 0;
            for (int i = 1; i < spares.size(); i++) {
                if (spares.get(i).capacity() < spares.get(smallest).capacity()) {
                    smallest = i;
                }
            }
            room -= spares.remove(smallest).capacity();
        }
    }

    synchronized int size() {
        return spares.size();
    }
}
