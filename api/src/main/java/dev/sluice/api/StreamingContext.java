package dev.sluice.api;

import java.io.InputStream;
import java.util.Iterator;
import java.util.function.Function;
import java.time.Duration;
import java.util.Collection;
import java.util.Queue;
import java.util.ServiceLoader;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.StreamingEngine;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point: creates input streams, then runs the graph built on them with
 * {@link #start()} until {@link #stop()}. In the container the runtime hands each
 * {@link dev.sluice.api.spi.StreamingApplication} its context; in plain Java use {@link #create}.
 */
@ProviderType
public interface StreamingContext extends AutoCloseable {

    /** A context from the runtime on the class path, e.g. {@code create("local[2]", "NetworkWordCount", Duration.ofSeconds(1))}. */
    static StreamingContext create(String master, String appName, Duration batchInterval) {
        return create(StreamingSettings.of(master, appName, batchInterval));
    }

    static StreamingContext create(StreamingSettings settings) {
        return ServiceLoader.load(StreamingEngine.class, StreamingContext.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(StreamingEngine.class).findFirst())
                .orElseThrow(() -> new SluiceException(
                        "no Sluice runtime on the class path; add the sluice-runtime jar"))
                .createContext(settings);
    }

    String appName();

    Duration batchInterval();

    int parallelism();

    /** Lines of UTF-8 text from a TCP server, such as {@code nc -lk 9999}; needs the {@code socket} source plugin. */
    DStream<String> socketTextStream(String host, int port);

    /** Like {@link #socketTextStream(String, int)}, keeping received lines at {@code storageLevel}. */
    DStream<String> socketTextStream(String host, int port, StorageLevel storageLevel);

    /**
     * Records decoded from the bytes of a TCP server (the spec's {@code socketStream}): {@code decoder}
     * gets each connection's input stream and returns an iterator over its records; when the
     * connection ends or the decoder fails, the stream connects again. Needs the {@code socket}
     * source plugin.
     */
    <T> DStream<T> socketStream(String host, int port, Function<InputStream, Iterator<T>> decoder,
                                StorageLevel storageLevel);

    /** A stream from the source plugin of type {@code sourceType}. */
    <T> DStream<T> receiverStream(String sourceType, Config config);

    /**
     * The lines of the files that appear in {@code directory} (a Hadoop file system URI or path, so
     * {@code file:} and {@code hdfs:} both work): each batch reads the files whose modification
     * time falls in its interval, each file once. Files there before the start, and hidden or
     * temporary names ({@code .x}, {@code _x}, {@code x.tmp}, {@code x._COPYING_}), are left out.
     * Move files in atomically. Needs the {@code files} source plugin.
     */
    DStream<String> textFileStream(String directory);

    /**
     * Like {@link #textFileStream}, with each file read by a Hadoop {@code InputFormat} of the
     * application's choice into key-value pairs, e.g. {@code SequenceFileInputFormat}. Record
     * readers reuse their key and value objects: map them to values of your own before keeping them.
     * With {@code newFilesOnly} false, the files already there when the stream starts are read by the first batch.
     */
    <K, V> PairDStream<K, V> fileStream(String directory, Class<?> inputFormat, Class<K> keyClass,
                                        Class<V> valueClass, boolean newFilesOnly);

    /** Fixed-length binary records of {@code recordLength} bytes from new files, as {@link #textFileStream} finds them. */
    DStream<byte[]> binaryRecordsStream(String directory, int recordLength);

    /**
     * The elements of the object files that appear in {@code directory}, as {@link #textFileStream}
     * finds them; each file as {@code saveAsObjectFiles} writes its parts. Needs the {@code files} source plugin.
     */
    <T> DStream<T> objectFileStream(String directory);

    /**
     * The elements of what {@code saveAsObjectFiles} wrote: a batch directory ({@code prefix-TIME}) or
     * one part file, read now. A part that cannot be read fails the call, naming it.
     */
    <T> Dataset<T> objectFile(String path);

    /** A stream polled once per batch from the source plugin of type {@code sourceType} (a {@code BatchSource}). */
    <T> DStream<T> batchSourceStream(String sourceType, Config config);

    /**
     * A stream from the source plugin of type {@code sourceType}, received or polled per batch as the
     * plugin says ({@link dev.sluice.api.spi.SourceProvider#pollsPerBatch()}); the plugin must be
     * installed, since it decides which.
     */
    <T> DStream<T> sourceStream(String sourceType, Config config);

    /** A stream from a receiver written by the application itself. */
    <T> DStream<T> receiverStream(Receiver<T> receiver);

    /**
     * A stream that takes one collection from {@code queue} per batch ({@code oneAtATime}), or all
     * queued collections at once; an empty queue gives an empty batch. For tests and examples.
     */
    <T> DStream<T> queueStream(Queue<? extends Collection<T>> queue, boolean oneAtATime);

    /** A dataset of {@code elements}, split across the workers: static data to join batches with in {@code transform}. */
    <T> Dataset<T> parallelize(Collection<T> elements);

    <K, V> PairDataset<K, V> parallelizePairs(Collection<Pair<K, V>> pairs);

    /**
     * Allows records of these classes to be serialized: at serialized storage levels, when blocks
     * spill to disk, in checkpoints. Only registered classes (and common JDK and Sluice types) are
     * ever written or read back. Call before {@link #start()}.
     */
    void registerRecordTypes(Class<?>... types);

    /**
     * Sets the checkpoint directory, a Hadoop path or URI ({@code file:} by default, {@code hdfs:}
     * for clusters). Receivers whose storage level is replicated ({@code _2}), or all of them with
     * the setting {@code receiver.writeAheadLog=true}, write their blocks to a write-ahead log there
     * before {@code store} returns. Call before {@link #start()}.
     */
    void checkpoint(String directory);

    /** Keeps every stream's batches at least {@code duration} after they are done, e.g. for {@link DStream#slice}. */
    void remember(Duration duration);

    void addStreamingListener(StreamingListener listener);

    /** Starts receiving and processing; the graph cannot change afterwards. */
    void start();

    /**
     * Stops receivers and processing at once; batches not yet processed are dropped. With a
     * checkpoint directory, the next start of the application recovers them.
     */
    void stop();

    /**
     * Stops; {@code gracefully}: stops receiving, finishes the batches of everything received and
     * their outputs, writes a final checkpoint, then stops, so the next start has nothing to
     * recover. Otherwise as {@link #stop()}.
     */
    void stop(boolean gracefully);

    /**
     * Blocks until the context is stopped; if it stopped because of an error (e.g. a sink that kept
     * failing), throws that error.
     */
    void awaitTermination() throws InterruptedException;

    /** Blocks until the context is stopped or the timeout passes; true if it stopped. Throws as {@link #awaitTermination()}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    @Override
    default void close() {
        stop();
    }
}
