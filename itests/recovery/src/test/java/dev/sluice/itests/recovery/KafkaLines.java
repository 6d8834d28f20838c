package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends lines of words to a topic from the test JVM, a few every tick while the container is
 * killed and restarted, and keeps the count of every word it got acknowledged: what the output
 * must add up to, exactly.
 */
final class KafkaLines implements AutoCloseable {

    private static final int WORDS = 40;

    private final KafkaBroker broker;
    private final String topic;
    private final Random random;
    private final int lines;
    private final int perTick;
    private final Duration tick;
    private final Map<String, Integer> expected = new TreeMap<>();
    private final Thread thread;
    private volatile Throwable failure;
    private volatile int sent;

    KafkaLines(KafkaBroker broker, String topic, long seed, int lines, int perTick, Duration tick) {
        this.broker = broker;
        this.topic = topic;
        this.random = new Random(seed);
        this.lines = lines;
        this.perTick = perTick;
        this.tick = tick;
        this.thread = new Thread(this::send, "kafka-lines");
        thread.setDaemon(true);
        thread.start();
    }

    private void send() {
        try (var producer = broker.producer()) {
            while (sent < lines) {
                for (int i = 0; i < perTick && sent < lines; i++) {
                    StringBuilder line = new StringBuilder();
                    for (int w = 1 + random.nextInt(4); w > 0; w--) {
                        String word = "w" + random.nextInt(WORDS);
                        line.append(word).append(' ');
                        synchronized (expected) {
                            expected.merge(word, 1, Integer::sum);
                        }
                    }
                    producer.send(new ProducerRecord<>(topic, null, line.toString().trim())).get();
                    sent++;
                }
                Await.pause(tick);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Waits until every line is acknowledged by the broker; returns the words they hold, counted. */
    Map<String, Integer> awaitAllSent() throws InterruptedException {
        thread.join(Await.TIMEOUT.toMillis());
        if (failure != null || thread.isAlive()) {
            throw new AssertionError("sending the input failed after " + sent + " lines", failure);
        }
        synchronized (expected) {
            return new TreeMap<>(expected);
        }
    }

    int sent() {
        return sent;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
