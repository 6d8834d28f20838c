package dev.sluice.source.kafka.internal;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a member of a shared stream reads its partitions from: each partition given to it goes on
 * from the group's committed progress, and after a refused commit or a loss every owned one does.
 */
final class OwnedStarts {

    private OwnedStarts() {
    }

    /**
     * Sets in {@code ranges} (and {@code handOvers}, null without keyed stages) where the partitions
     * given since the last batch, or all owned ones when {@code rewind}, go on from; returns the
     * owned partitions. Throws Kafka's exception when the committed offsets cannot be read: the
     * partitions given are set by then, the rewind is left to the next batch.
     */
    static Set<TopicPartition> apply(PartitionOwnership ownership, HandOvers handOvers, BatchRanges ranges,
                                     boolean rewind) {
        ownership.takeStarts().forEach((tp, progress) -> startAt(tp, progress, ranges, handOvers));
        Set<TopicPartition> owned = ownership.owned();
        if (rewind) {
            Map<TopicPartition, OffsetAndMetadata> found = ownership.committedWithMetadata(owned);
            owned.forEach(tp -> startAt(tp, ExchangeProgress.of(found.get(tp)), ranges, handOvers));
        }
        return owned;
    }

    private static void startAt(TopicPartition tp, ExchangeProgress progress, BatchRanges ranges, HandOvers handOvers) {
        ranges.startAt(tp, progress.offset());
        if (handOvers != null) {
            handOvers.goOnFrom(tp, progress);
        }
    }
}
