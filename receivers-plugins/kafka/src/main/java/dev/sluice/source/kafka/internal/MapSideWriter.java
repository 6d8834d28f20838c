package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.KafkaCalls;
import dev.sluice.kafka.TransactionCommit;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map side of a group's key exchange: one Kafka transaction per batch holds this member's chunks
 * for every key partition, an end-of-batch marker on every key partition naming the input partitions
 * the batch covered, and those partitions' offsets (with the batch time in their metadata) committed
 * to the group: a reduce side sees a member's part of a batch whole or not at all, and the input's
 * progress moves with it. A member that takes input partitions over marks the batches their former
 * owner left unwritten as handed over, the same way, so that no reduce side waits for them.
 */
final class MapSideWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MapSideWriter.class);
    /** A dead member's open transaction (and the input offsets it holds) lives on this long. */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;
    /** How long an undecided producer may take to send what it has before it is closed. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    /** The group refused the offsets: this member no longer owns some of the partitions. */
    static final class RefusedException extends RuntimeException {
        RefusedException(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Kafka did not confirm the commit: the part may be handed over or not. It must not be written
     * again (that would double it if it was); the member goes back to the group's committed
     * offsets instead, which say whether it was.
     */
    static final class UndecidedException extends RuntimeException {
        UndecidedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs a commit while this member owns the partitions it speaks for ({@link PartitionOwnership#whileOwning}). */
    interface Owning {
        void whileOwning(Collection<TopicPartition> partitions, Runnable commit);
    }

    private final Map<String, Object> properties;
    private final String id;
    /** How long a commit Kafka has not confirmed is waited for before the part counts as undecided. */
    private final Duration patience;
    private Producer<byte[], byte[]> producer;

    MapSideWriter(String group, Map<String, Object> clientProperties) {
        this(group, clientProperties, TransactionCommit.PATIENCE);
    }

    MapSideWriter(String group, Map<String, Object> clientProperties, Duration patience) {
        this.patience = patience;
        this.properties = new HashMap<>(clientProperties);
        this.id = "sluice-" + group + "-exchange-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        properties.remove("group.id");
        properties.remove("isolation.level");
    }

    /**
     * Writes {@code chunks} (per key topic, per key partition) of batch {@code batch}, a marker
     * covering {@code inputs} up to {@code upTo} on every key partition of {@code keyTopics}, and
     * commits {@code offsets} with {@code metadata}, as one transaction, while {@code ownership} says this
     * member owns every partition of {@code inputs} and {@code offsets}: a marker is as much a claim as an
     * offset. Throws {@link RefusedException} when the group refused it, {@link UndecidedException} when
     * Kafka did not confirm the commit, and otherwise (aborted, nothing visible) a {@link SluiceException}.
     */
    synchronized void write(Map<String, List<List<byte[]>>> chunks, long batch, Map<String, Integer> keyTopics,
                            long upTo, Collection<TopicPartition> inputs, Map<TopicPartition, OffsetAndMetadata> offsets,
                            ConsumerGroupMetadata metadata, Owning ownership) {
        write(chunks, batch, keyTopics, upTo, inputs, offsets, metadata, ownership, List.of());
    }

    /** As above, with {@code records} (an upstream stage's changelog records) in the same transaction. */
    synchronized void write(Map<String, List<List<byte[]>>> chunks, long batch, Map<String, Integer> keyTopics,
                            long upTo, Collection<TopicPartition> inputs, Map<TopicPartition, OffsetAndMetadata> offsets,
                            ConsumerGroupMetadata metadata, Owning ownership,
                            List<ProducerRecord<byte[], byte[]>> records) {
        ensureProducer();
        var failure = new AtomicReference<Exception>();
        try {
            producer.beginTransaction();
            chunks.forEach((topic, byPartition) -> {
                for (int p = 0; p < byPartition.size(); p++) {
                    for (byte[] chunk : byPartition.get(p)) {
                        send(ExchangeRecords.chunk(topic, p, batch, chunk), failure);
                    }
                }
            });
            keyTopics.forEach((topic, partitions) -> {
                for (int p = 0; p < partitions; p++) {
                    send(ExchangeRecords.marker(topic, p, upTo, inputs), failure);
                }
            });
            records.forEach(r -> send(r, failure));
            producer.flush();
            if (failure.get() != null) {
                throw new KafkaException(failure.get());
            }
            // committed only while this member still owns the partitions: their next owner reads after it
            var claimed = new HashSet<>(inputs);
            claimed.addAll(offsets.keySet());
            ownership.whileOwning(claimed, () -> {
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, metadata);
                }
                TransactionCommit.commit(producer, patience);
            });
        } catch (TransactionCommit.Undecided e) {
            settle();
            throw new UndecidedException("batch " + batch + ": " + e.getMessage() + "; this member cannot tell whether"
                    + " its part went to the key partitions of " + keyTopics.keySet() + ", so it does not write it"
                    + " again", e);
        } catch (RuntimeException e) {
            abort();
            if (GroupInputs.notOwner(e)) {
                throw new RefusedException(e);
            }
            Exception cause = failure.get() != null ? failure.get() : e;
            throw new SluiceException("batch " + batch + ": handing this member's part over to the key partitions of "
                    + keyTopics.keySet() + " failed (" + cause.getMessage() + "); its transaction was aborted and the"
                    + " batch is tried again", cause);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, AtomicReference<Exception> failure) {
        producer.send(record, (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }


    private void ensureProducer() {
        if (producer == null) {
            Producer<byte[], byte[]> made = KafkaCalls.withKafkaLoader(() ->
                    new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
            try {
                made.initTransactions();
            } catch (KafkaException e) {
                made.close(Duration.ZERO);
                throw new SluiceException("the key exchange cannot start its transactions at "
                        + properties.get("bootstrap.servers") + ": " + e.getMessage(), e);
            }
            producer = made;
            LOG.info("The key exchange writes as transactional id {}", id);
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) { // Kafka's exceptions, and its IllegalStateException for a producer in no state to abort
            LOG.warn("Aborting the key exchange's transaction failed ({}); it starts a new producer", e.toString());
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /**
     * After an undecided commit: the producer can do nothing more, and a new one with the same
     * transactional id settles the transaction before it starts (the broker finishes the commit, or
     * aborts it), so that the group's committed offsets read next are its outcome. If Kafka cannot
     * be reached now, the next write makes it, and the committed offsets wait for the broker's
     * transaction timeout meanwhile.
     */
    private void settle() {
        Producer<byte[], byte[]> undecided = producer;
        producer = null;
        try {
            TransactionCommit.settle(undecided, SETTLE_TIMEOUT, this::ensureProducer);
        } catch (RuntimeException e) {
            LOG.warn("The key exchange's undecided transaction is settled by its next write: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
