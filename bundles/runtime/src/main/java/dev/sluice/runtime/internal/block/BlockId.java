package dev.sluice.runtime.internal.block;

/** Names a stored block: received records ({@code input-STREAM-SEQ}) or a persisted partition ({@code dataset-ID-PARTITION}). */
public record BlockId(String name) {

    public static BlockId input(int streamId, long sequence) {
        return new BlockId("input-" + streamId + "-" + sequence);
    }

    public static BlockId dataset(long datasetId, int partition) {
        return new BlockId("dataset-" + datasetId + "-" + partition);
    }

    @Override
    public String toString() {
        return name;
    }
}
