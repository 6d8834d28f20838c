package dev.sluice.runtime.internal.block;

/** Names a block of received records: the input stream it belongs to and its sequence number there. */
public record BlockId(int streamId, long sequence) {

    @Override
    public String toString() {
        return "input-" + streamId + "-" + sequence;
    }
}
