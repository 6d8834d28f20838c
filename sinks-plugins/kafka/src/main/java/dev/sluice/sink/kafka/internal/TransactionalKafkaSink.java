package dev.sluice.sink.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.time.Duration;
import dev.sluice.kafka.GroupInputs;
import dev.sluice.kafka.TransactionCommit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka output, exactly once: each batch is one Kafka transaction holding the batch's records
 * and the batch's marker ({@link BatchMarker}), sent by the workers in parallel through one
 * transactional producer. The producer's transactional id is the output's plus its writer's
 * number, so a restarted run fences the producer of the run before (its open transaction is
 * aborted) before it writes. A batch at or before the last committed one, which recovery computes
 * again, is recognised and skipped; a batch whose transaction failed is aborted and written again
 * whole by the runtime's retry.
 *
 * <p>In a stream a group shares, every member writes its part of each batch, in a transaction of
 * its own that also commits the input offsets that part consumed, with the group's metadata
 * ({@link GroupInputs}): the records and the input's progress become visible together or not at
 * all, and a member the group has dropped cannot commit (its part is read again by the partitions'
 * new owner). Its producer's id is the member's own, and its transactions time out soon after a
 * member dies, releasing the offsets they hold.
 */
final class TransactionalKafkaSink<T> implements Sink<T> {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalKafkaSink.class);
    /** This process is the output's only writer; the number leaves room for several. */
    static final int WRITER = 0;
    /** In a shared stream, how long a dead member's transaction (and the offsets it holds) lives on. */
    static final int SHARED_TRANSACTION_TIMEOUT_MS = 10_000;
    /** Kafka's own default transaction timeout. */
    private static final int KAFKA_TRANSACTION_TIMEOUT_MS = 60_000;
    /** How long a producer whose commit is undecided may take to send what it has before it is closed. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSinkSettings settings;
    private final ElementRecords records;
    private final BatchMarker marker;
    private final String producerId;
    /** The group this stream's work is shared in; null when this process is the output's only writer. */
    private final String sharedGroup;
    /** How long a commit Kafka has not confirmed is waited for before the batch counts as undecided. */
    private final Duration patience;
    private Producer<byte[], byte[]> producer;
    /** The producer's transaction timeout: the broker aborts a transaction left open longer. */
    private long transactionTimeoutMs;
    private OptionalLong lastCommitted = OptionalLong.empty();

    TransactionalKafkaSink(KafkaSinkSettings settings) {
        this(settings, null);
    }

    TransactionalKafkaSink(KafkaSinkSettings settings, String sharedGroup) {
        this(settings, sharedGroup, TransactionCommit.PATIENCE);
    }

    TransactionalKafkaSink(KafkaSinkSettings settings, String sharedGroup, Duration patience) {
        this.settings = settings;
        this.patience = patience;
        this.sharedGroup = sharedGroup;
        this.records = new ElementRecords(settings.topic(), settings.keySerializer(), settings.valueSerializer());
        this.marker = new BatchMarker(settings.clientProperties(), settings.transactionalId(), settings.topic());
        this.producerId = settings.transactionalId() + "-" + (sharedGroup == null ? String.valueOf(WRITER)
                : ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    @Override
    public void write(Dataset<T> batch, Time time) {
        ensureProducer();
        if (sharedGroup == null && lastCommitted.isPresent() && time.millis() <= lastCommitted.getAsLong()) {
            LOG.info("Batch {} is already in topic {} (its transaction was committed before a restart); not written"
                    + " again", time, settings.topic());
            return;
        }
        GroupInputs.Taken input = sharedGroup == null ? null : sharedInput();
        // alone, the batch's marker; in a shared stream, the input offsets this member's part consumed
        Optional<Map<TopicPartition, OffsetAndMetadata>> part = input == null
                ? Optional.of(marker.marking(time.millis())) : input.offsetsAfter(time.millis());
        if (part.isEmpty()) {
            LOG.info("Batch {} was planned before group {} refused an earlier commit; its records are read again,"
                    + " so this part is not written", time, sharedGroup);
            return;
        }
        var consumed = new AtomicReference<>(part.get());
        var failure = new AtomicReference<Exception>();
        Callback recordFailure = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        long begun = System.nanoTime();
        try {
            producer.beginTransaction();
            batch.forEach(element -> producer.send(records.toRecord(element, time.millis()), recordFailure));
            // a failed send (fenced, or a record refused) dooms the transaction: say so now instead of
            // waiting in the commit for a result that does not come
            producer.flush();
            if (failure.get() != null) {
                throw new KafkaException(failure.get());
            }
            if (input != null) {
                // asked again now that the batch is computed: a key exchange's reduce side knows only then
                // which of its partitions' records the batch consumed
                Optional<Map<TopicPartition, OffsetAndMetadata>> after = input.offsetsAfter(time.millis());
                if (after.isEmpty()) {
                    abort();
                    LOG.info("Batch {}: group {} refused an earlier commit while it was computed; its records are"
                            + " read again, so this part is not written", time, sharedGroup);
                    return;
                }
                consumed.set(after.get());
                // the state kept per key partition changes with the offsets this transaction commits
                for (var change : input.recordsWith(time.millis())) {
                    producer.send(change, recordFailure);
                }
                producer.flush();
                if (failure.get() != null) {
                    throw new KafkaException(failure.get());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = consumed.get();
            Runnable commit = () -> {
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, input == null ? marker.groupMetadata()
                            : input.groupMetadata());
                }
                TransactionCommit.commit(producer, patience);
            };
            if (input == null) {
                commit.run();
            } else {
                // only while this member owns what it commits: the group gives none away meanwhile
                input.whileOwning(time.millis(), offsets.keySet(), commit);
                input.committed(time.millis());
            }
        } catch (TransactionCommit.Undecided e) {
            undecided(time, input, consumed.get(), e);
        } catch (Error e) {
            abort(); // a function's own error fails this batch only: the next one begins a transaction of its own
            throw e;
        } catch (RuntimeException e) {
            if (fenced(e)) {
                closeProducer(); // a fenced producer can neither commit nor abort: its transaction is aborted
                long openMs = (System.nanoTime() - begun) / 1_000_000;
                if (openMs >= transactionTimeoutMs) {
                    // the broker's abort of a transaction open too long fences its producer the same way
                    throw new SluiceException("Kafka aborted batch " + time + "'s transaction to topic "
                            + settings.topic() + ": it was open " + openMs + " ms, longer than the output's "
                            + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + " (" + transactionTimeoutMs + " ms); nothing of"
                            + " it is visible to read_committed consumers, and the output's retry writes it with a new"
                            + " producer. If batches take this long, raise kafka."
                            + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + " (at most the broker's"
                            + " transaction.max.timeout.ms)", e);
                }
                throw new SluiceException("another writer took over transactional id '" + producerId + "' of the Kafka"
                        + " output to " + settings.topic() + ": a second run of this application, or another output"
                        + " with the same transactionalId; give each output its own transactionalId", e);
            }
            abort();
            if (input != null && GroupInputs.notOwner(e)) {
                // the group moved on (a rebalance) or dropped this member: this part stays unwritten and
                // its records are read again from the committed offsets, here or by their new owner
                input.refused(time.millis());
                LOG.warn("Batch {}: group {} refused the offsets of {} ({}); its part was aborted and is read again"
                        + " from the committed offsets", time, sharedGroup, consumed.get().keySet(), e.toString());
                return;
            }
            Exception cause = failure.get() != null ? failure.get() : e;
            throw new SluiceException("batch " + time + " could not be written to Kafka topic " + settings.topic()
                    + " at " + settings.bootstrap() + ": " + cause.getMessage() + "; its transaction was aborted,"
                    + " nothing of it is visible to read_committed consumers", cause);
        }
        if (input == null) {
            lastCommitted = OptionalLong.of(time.millis());
        }
    }

    /**
     * Kafka did not confirm batch {@code time}'s commit: it may be visible or not, so it is not written
     * again blindly. A new producer with the same transactional id settles it first (the broker
     * finishes the commit, or aborts it). Alone, the runtime's retry then finds the batch's marker
     * if it was committed and skips it; in a group, the input goes back to the group's committed
     * offsets, which hold this part's exactly when its records are visible.
     */
    private void undecided(Time time, GroupInputs.Taken input, Map<TopicPartition, OffsetAndMetadata> consumed,
                           TransactionCommit.Undecided e) {
        Producer<byte[], byte[]> undecided = producer;
        producer = null;
        if (input == null) {
            TransactionCommit.settle(undecided, SETTLE_TIMEOUT, () -> { });
            throw new SluiceException("batch " + time + " to Kafka topic " + settings.topic() + ": " + e.getMessage()
                    + "; the output starts a new producer, which settles it, and writes the batch again only if it"
                    + " was not committed", e);
        }
        LOG.error("Batch {} to Kafka topic {}: {}; this part is not written again: group {} goes on from the offsets"
                + " of {} it has committed, which hold this part's if Kafka committed it, and its records are read"
                + " again if not", time, settings.topic(), e.getMessage(), sharedGroup, consumed.keySet());
        try {
            TransactionCommit.settle(undecided, SETTLE_TIMEOUT, this::ensureProducer);
        } catch (RuntimeException notYet) {
            LOG.warn("The undecided transaction of {} is settled by the next batch's producer: {}", producerId,
                    notYet.getMessage());
        }
        input.refused(time.millis());
    }

    private GroupInputs.Taken sharedInput() {
        return GroupInputs.of(sharedGroup).orElseThrow(() -> new SluiceException("the Kafka output to "
                + settings.topic() + " shares group " + sharedGroup + ", but no Kafka input of this container takes"
                + " part in it; a stream a group shares reads a Kafka topic"));
    }


    /** Whether Kafka refused the producer because a newer one with its transactional id exists, however wrapped. */
    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** Starts the transactional producer (fencing an earlier run's) and learns the last batch committed. */
    private void ensureProducer() {
        if (producer != null) {
            return;
        }
        var props = new HashMap<>(settings.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, producerId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (sharedGroup != null) {
            // a dead member's open transaction holds the offsets of its partitions until it times out
            props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, SHARED_TRANSACTION_TIMEOUT_MS);
        }
        Producer<byte[], byte[]> created = KafkaCalls.withKafkaLoader(() ->
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
        // read once Kafka has accepted the setting, whose own error names a bad value
        transactionTimeoutMs = Long.parseLong(String.valueOf(props.getOrDefault(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, KAFKA_TRANSACTION_TIMEOUT_MS)).trim());
        try {
            created.initTransactions();
            if (sharedGroup == null) {
                lastCommitted = marker.lastCommitted(Duration.ofSeconds(30));
            }
        } catch (KafkaException e) {
            created.close(Duration.ZERO);
            throw new SluiceException("the Kafka output to " + settings.topic() + " at " + settings.bootstrap()
                    + " cannot start its transactions: " + e.getMessage(), e);
        }
        producer = created;
        LOG.info("Kafka output to {} writes as transactional id {}; last committed batch: {}", settings.topic(),
                producerId, lastCommitted.isPresent() ? new Time(lastCommitted.getAsLong()) : "none");
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // a producer that cannot abort (a fatal error, or Kafka's IllegalStateException for one in no state to
            // abort) is of no more use: the next batch starts a new one, fencing this
            LOG.warn("Aborting the transaction of {} failed ({}); the output starts a new producer", producerId,
                    e.toString());
            closeProducer();
        }
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
