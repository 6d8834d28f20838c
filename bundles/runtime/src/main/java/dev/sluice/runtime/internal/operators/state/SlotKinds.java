package dev.sluice.runtime.internal.operators.state;

/**
 * What a {@link StateTable} slot holds, kept in the bits of its first word above the key's hash: a
 * free slot's word is 0, so the probe tells free, dead and matching slots apart from that word alone.
 */
final class SlotKinds {

    static final int FREE = 0;
    /** A tombstone: a removed key's slot, until the next rehash. */
    static final int DEAD = 1;
    static final int OBJECT = 2;
    static final int INT = 3;
    static final int LONG = 4;
    /**
     * The key was removed, but keeps its slot (a record of the running batch may still refer to it, or
     * bring the key back) until {@link StateTable#purgeAt} makes the slot a tombstone.
     */
    static final int REMOVED = 5;

    private SlotKinds() {
    }

    /** A slot's first word. */
    static long meta(int hash, int kind) {
        return (long) kind << 32 | hash & 0xFFFF_FFFFL;
    }
}
