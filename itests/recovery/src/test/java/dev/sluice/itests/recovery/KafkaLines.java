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
 * must add up to, exactly. Tagged, each line begins with a word of its own ({@code #N}), so that
 * a word count's output tells which lines each batch read.
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
    /** Tagged: each line's tag to its other words. */
    private final Map<String, java.util.List<String>> linesByTag = new java.util.HashMap<>();
    private final boolean tagged;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile int sent;

    KafkaLines(KafkaBroker broker, String topic, long seed, int lines, int perTick, Duration tick) {
        this(broker, topic, seed, lines, perTick, tick, false);
    }

    KafkaLines(KafkaBroker broker, String topic, long seed, int lines, int perTick, Duration tick, boolean tagged) {
        this.tagged = tagged;
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
                    StringBuilder line = new StringBuilder(tagged ? tag(sent) + " " : "");
                    var words = new java.util.ArrayList<String>();
                    for (int w = 1 + random.nextInt(4); w > 0; w--) {
                        words.add("w" + random.nextInt(WORDS));
                    }
                    words.forEach(w -> line.append(w).append(' '));
                    // tagged lines are keyed by their tag, so that they spread over the partitions one by one
                    producer.send(new ProducerRecord<>(topic, tagged ? tag(sent) : null, line.toString().trim())).get();
                    synchronized (expected) {
                        words.forEach(w -> expected.merge(w, 1, Integer::sum));
                        if (tagged) {
                            linesByTag.put(tag(sent), words);
                        }
                    }
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

    static String tag(int line) {
        return "#" + line;
    }

    static boolean isTag(String word) {
        return word.startsWith("#");
    }

    /** Tagged: the words of the line tagged {@code tag}, once it was acknowledged. */
    java.util.List<String> wordsOf(String tag) {
        synchronized (expected) {
            return linesByTag.get(tag);
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
