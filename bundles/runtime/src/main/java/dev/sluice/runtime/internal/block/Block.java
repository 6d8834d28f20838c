package dev.sluice.runtime.internal.block;

/** A block of received records handed to a batch: its id and how many records it holds. */
public record Block(BlockId id, int size) {
}
