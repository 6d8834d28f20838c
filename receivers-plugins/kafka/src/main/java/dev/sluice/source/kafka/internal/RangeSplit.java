package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.InputSplit;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's range of one batch, read by a worker: every record from {@code from} up to
 * {@code until}, in offset order. Offsets with no record for this reader (transaction markers,
 * aborted or compacted records) are passed over by position, so a range always ends.
 */
final class RangeSplit<K, V> implements InputSplit<KafkaRecord<K, V>> {

    private static final Duration POLL_STEP = Duration.ofMillis(200);

    private final OffsetRange range;
    private final ConsumerPool pool;
    private final RecordDecoder<K, V> decoder;
    private final OutOfRangePolicy outOfRange;
    private final Duration timeout;

    RangeSplit(OffsetRange range, ConsumerPool pool, RecordDecoder<K, V> decoder, OutOfRangePolicy outOfRange,
               Duration timeout) {
        this.range = range;
        this.pool = pool;
        this.decoder = decoder;
        this.outOfRange = outOfRange;
        this.timeout = timeout;
    }

    @Override
    public void read(Consumer<? super KafkaRecord<K, V>> out) {
        TopicPartition tp = range.partition();
        var consumer = pool.borrow();
        boolean clean = false;
        try {
            consumer.assign(List.of(tp));
            consumer.seek(tp, range.from());
            long lastProgress = System.nanoTime();
            long position = range.from();
            while (position < range.until()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_STEP);
                } catch (OffsetOutOfRangeException e) {
                    position = afterLostRecords(consumer, tp, position);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    if (r.offset() >= range.until()) {
                        break;
                    }
                    decoder.decode(r).ifPresent(out);
                }
                long now = consumer.position(tp);
                if (now > position) {
                    position = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new SluiceException("partition " + tp + ": read up to offset " + position + " of " + range
                            + " and the brokers sent nothing more for " + timeout.toSeconds() + " s; is the"
                            + " partition's leader reachable? (pollTimeout sets the wait)");
                }
            }
            clean = true;
        } finally {
            if (clean) {
                pool.giveBack(consumer);
            } else {
                consumer.close();
            }
        }
    }

    /** Records of this range were deleted between planning and reading: the policy says whether to go on. */
    private long afterLostRecords(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                                  TopicPartition tp, long position) {
        long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
        String problem = "partition " + tp + ": records [" + position + ", " + Math.min(begin, range.until())
                + ") of batch range " + range + " were deleted (retention) before they were read";
        if (outOfRange == OutOfRangePolicy.FAIL || begin < position) {
            throw new SluiceException(problem + "; set onOffsetOutOfRange=earliest to read what is left");
        }
        decoder.reportLost(problem);
        consumer.seek(tp, begin);
        return begin;
    }

    @Override
    public String description() {
        return "Kafka " + range;
    }
}
