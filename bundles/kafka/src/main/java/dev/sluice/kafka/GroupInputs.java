package dev.sluice.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Where the Kafka output of a stream a group shares finds what its Kafka input took, so that each
 * batch's transaction commits the consumed offsets with the records (consume, process and produce
 * as one transaction). The source registers under the group's name when it starts, the sink looks
 * it up when it writes; one container runs a group's stream once, so the name is enough.
 */
public final class GroupInputs {

    /** The part of the input this member takes. */
    public interface Taken {

        /**
         * The group's metadata as of now (member and epoch): committing offsets with it fails once
         * the group has given the partitions to another member, which fences a zombie.
         */
        ConsumerGroupMetadata groupMetadata();

        /**
         * Runs {@code commit} (the transaction committing offsets of {@code partitions}) while this
         * member owns them all, so that the group cannot give one to another member before the commit
         * is done; throws {@link CommitFailedException} without running it when one is no longer
         * owned. The broker's check of the group's generation is not enough: the Kafka 4.3 broker
         * accepts a commit made with a generation from before a partition moved.
         */
        default void whileOwning(Set<TopicPartition> partitions, Runnable commit) {
            commit.run();
        }

        /**
         * As {@link #whileOwning(Set, Runnable)} for the offsets batch {@code batchTime} consumed, and
         * refused the same way when that batch was voided meanwhile (planned before this member lost
         * partitions it may own again now, where the group's metadata would let the commit through).
         */
        default void whileOwning(long batchTime, Set<TopicPartition> partitions, Runnable commit) {
            whileOwning(partitions, commit);
        }

        /**
         * Where each partition batch {@code batchTime} read stands once it is done (no entries if it
         * read nothing); empty when the batch was planned before the group refused an earlier
         * batch's commit: the input reads its records again, so it must write nothing. Asked once
         * the batch's records are computed (a key exchange's reduce side knows them only then).
         */
        Optional<Map<TopicPartition, OffsetAndMetadata>> offsetsAfter(long batchTime);

        /**
         * Records the transaction of batch {@code batchTime} writes besides the output's: the
         * changes of the state kept per key partition (a changelog), of that batch and of earlier
         * ones whose transaction did not commit. Asked once the batch's records are computed.
         */
        default List<ProducerRecord<byte[], byte[]>> recordsWith(long batchTime) {
            return List.of();
        }

        /** The transaction of batch {@code batchTime} committed: what it wrote needs no writing again. */
        default void committed(long batchTime) {
        }

        /**
         * The group refused the offsets of batch {@code batchTime} (a rebalance moved on, or this
         * member was dropped): its part was aborted, so the input goes back to the offsets
         * committed in the group and voids the batches it planned since.
         */
        void refused(long batchTime);
    }

    private static final Map<String, Taken> BY_GROUP = new ConcurrentHashMap<>();

    private GroupInputs() {
    }

    public static void register(String group, Taken taken) {
        BY_GROUP.put(group, taken);
    }

    public static void unregister(String group, Taken taken) {
        BY_GROUP.remove(group, taken);
    }

    public static Optional<Taken> of(String group) {
        return Optional.ofNullable(BY_GROUP.get(group));
    }

    /**
     * Whether the group refused a transaction's offsets because this member no longer owns their
     * partitions (a rebalance moved on, or the member was dropped), however wrapped.
     */
    public static boolean notOwner(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommitFailedException || t instanceof IllegalGenerationException
                    || t instanceof UnknownMemberIdException || t instanceof RebalanceInProgressException
                    || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }
}
