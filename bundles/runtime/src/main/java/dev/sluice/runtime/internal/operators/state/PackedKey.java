package dev.sluice.runtime.internal.operators.state;

import java.nio.charset.StandardCharsets;

/**
 * A short Latin-1 {@code String} key as two longs, kept in its {@link StateTable} slot beside the hash:
 * a probe then tells a matching key from the slot's own cache line, without reading the key object and
 * its bytes, two more cache misses per lookup over a large table in the old generation. Any other key
 * packs to {@code high == 0} and is compared as an object.
 */
final class PackedKey {

    /** The longest key that packs: 8 chars in the low long, 7 and the length in the high one. */
    static final int MAX_LENGTH = 15;

    /** Chars 0 to 7 a byte each, when {@link #high} is not 0. */
    long low;
    /** Chars 8 to 14 a byte each and the length plus one in the top byte; 0 for a key that does not pack. */
    long high;

    /** Packs {@code key} in one pass over its chars; answers this. */
    PackedKey of(Object key) {
        low = 0;
        high = 0;
        if (!(key instanceof String s) || s.length() > MAX_LENGTH) {
            return this;
        }
        int n = s.length();
        long lo = 0;
        long hi = (long) (n + 1) << 56;
        for (int c = 0; c < n; c++) {
            long ch = s.charAt(c);
            if (ch > 0xFF) {
                return this;
            }
            if (c < 8) {
                lo |= ch << (c << 3);
            } else {
                hi |= ch << (c - 8 << 3);
            }
        }
        low = lo;
        high = hi;
        return this;
    }

    /** The key that packs as {@code low} and {@code high} (not 0): an equal String, made anew. */
    static String key(long low, long high) {
        int n = (int) (high >>> 56) - 1;
        var bytes = new byte[n];
        for (int c = 0; c < n; c++) {
            bytes[c] = (byte) (c < 8 ? low >>> (c << 3) : high >>> (c - 8 << 3));
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
