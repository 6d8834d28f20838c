package dev.sluice.sink.kafka.internal;

import dev.sluice.kafka.KafkaCalls;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.time.Duration;
import java.util.HashMap;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
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
 */
final class TransactionalKafkaSink<T> implements Sink<T> {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalKafkaSink.class);
    /** This process is the output's only writer; the number leaves room for several. */
    static final int WRITER = 0;

    private final KafkaSinkSettings settings;
    private final ElementRecords records;
    private final BatchMarker marker;
    private final String producerId;
    private Producer<byte[], byte[]> producer;
    private OptionalLong lastCommitted = OptionalLong.empty();

    TransactionalKafkaSink(KafkaSinkSettings settings) {
        this.settings = settings;
        this.records = new ElementRecords(settings.topic(), settings.keySerializer(), settings.valueSerializer());
        this.marker = new BatchMarker(settings.clientProperties(), settings.transactionalId(), settings.topic());
        this.producerId = settings.transactionalId() + "-" + WRITER;
    }

    @Override
    public void write(Dataset<T> batch, Time time) {
        ensureProducer();
        if (lastCommitted.isPresent() && time.millis() <= lastCommitted.getAsLong()) {
            LOG.info("Batch {} is already in topic {} (its transaction was committed before a restart); not written"
                    + " again", time, settings.topic());
            return;
        }
        var failure = new AtomicReference<Exception>();
        try {
            producer.beginTransaction();
            batch.forEach(element -> producer.send(records.toRecord(element), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            }));
            // a failed send (fenced, or a record refused) dooms the transaction: say so now instead of
            // waiting in the commit for a result that does not come
            producer.flush();
            if (failure.get() != null) {
                throw new KafkaException(failure.get());
            }
            producer.sendOffsetsToTransaction(marker.marking(time.millis()), marker.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            if (fenced(e)) {
                closeProducer(); // a fenced producer can neither commit nor abort: the newer writer aborted its transaction
                throw new SluiceException("another writer took over transactional id '" + producerId + "' of the Kafka"
                        + " output to " + settings.topic() + ": a second run of this application, or another output"
                        + " with the same transactionalId; give each output its own transactionalId", e);
            }
            abort();
            Exception cause = failure.get() != null ? failure.get() : e;
            throw new SluiceException("batch " + time + " could not be written to Kafka topic " + settings.topic()
                    + " at " + settings.bootstrap() + ": " + cause.getMessage() + "; its transaction was aborted,"
                    + " nothing of it is visible to read_committed consumers", cause);
        }
        lastCommitted = OptionalLong.of(time.millis());
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
        Producer<byte[], byte[]> created = KafkaCalls.withKafkaLoader(() ->
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
        try {
            created.initTransactions();
            lastCommitted = marker.lastCommitted(Duration.ofSeconds(30));
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
        } catch (KafkaException e) {
            // a producer that cannot abort is in a fatal state: the next batch starts a new one, fencing this
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
