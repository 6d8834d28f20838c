package dev.sluice.runtime.internal.storage;

/** Where one block is in a write-ahead log: its file, and the offset and length of its record there. */
public record LogSegment(String file, long offset, int length) {
}
