package dev.sluice.api.spi;

import dev.sluice.api.Time;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How the members of a group that share a stream's work bring each key of a keyed stage
 * ({@code reduceByKey}, {@code groupByKey}, ...) to one member: every member hands the substrate
 * its part of a batch's combined values, split into the group's key partitions, and the member that
 * owns a key partition reads every member's part of it. The group plugin provides it
 * ({@link GroupMembership#keyExchange}); the runtime serializes keys and values.
 */
@ConsumerType
public interface KeyExchange {

    /**
     * The key the runtime adds to the configs of the sources of a stream a group shares when its
     * graph has keyed stages: their shuffle names, separated by commas, the same on every member.
     * The sources divide the exchange's key partitions among the members with their input's.
     */
    String SHUFFLES = "sluice.group.shuffles";

    /**
     * The key the runtime adds beside {@link #SHUFFLES}: those of them whose stage keeps state per key
     * ({@code updateStateByKey}), separated by commas; the group plugin keeps a changelog for each.
     */
    String STATE_SHUFFLES = "sluice.group.stateShuffles";

    /**
     * The key the runtime adds beside {@link #SHUFFLES}: those of them whose stage reads other keyed
     * stages' output rather than the input, each as {@code STAGE=UPSTREAM}, separated by commas; a
     * stage reading several keyed stages (a join of two) is named once per upstream stage. Such a
     * stage's map side hands over the upstream stages' key partitions that this member reduced, and
     * commits their progress; a stage not named reads the input. Empty or absent: every stage reads
     * the input. Stages that read the same upstream read the same ones, and hand over together
     * ({@link Shuffle#sendWith}).
     */
    String CHAINED_SHUFFLES = "sluice.group.chainedShuffles";

    /**
     * The key under which the runtime gives the sources of a shared stream with {@link #STATE_SHUFFLES}
     * a {@link SnapshotFiles} (a {@link dev.sluice.api.Config#object config object}) when it has a
     * directory for them: the group plugin keeps snapshots of its key partitions' state there, so that
     * a restore reads only the changelog after the newest one. Absent: no snapshots.
     */
    String SNAPSHOT_FILES = "sluice.group.snapshotFiles";

    /**
     * The key the runtime adds beside {@link #SNAPSHOT_FILES}: how often (a duration) each member
     * snapshots the state of the key partitions it owns, the state stages' checkpoint interval.
     */
    String SNAPSHOT_INTERVAL = "sluice.group.snapshotInterval";

    /**
     * Whether {@link Shuffle#sendWith} hands several stages' parts over as one. A stream in which
     * two keyed stages read the same upstream (the input, or one keyed stage) is shared only then:
     * the upstream's progress of a batch can be committed once, with every reader's part.
     */
    default boolean handsOverTogether() {
        return false;
    }

    /** Shuffle {@code shuffle} (one of {@link #SHUFFLES}) of the stream shared in {@code group}, once its sources have started. */
    Shuffle open(String group, String shuffle);

    /** One keyed stage's exchange. */
    interface Shuffle {

        /** The group's number of key partitions, the same on every member. */
        int partitions();

        /**
         * The map side of batch {@code batch}: this member's serialized chunks of combined values for
         * each key partition ({@code chunks.get(p)}, possibly empty), handed over together with the
         * progress of what this member's part of the batch read (the input, or for a stage of
         * {@link #CHAINED_SHUFFLES} the upstream stage's key partitions it received), all or nothing.
         */
        void send(Time batch, List<List<byte[]>> chunks);

        /**
         * The map side of batch {@code batch} of this stage ({@code chunks}) and of {@code others},
         * keyed stages of the same exchange that read the same upstreams as this one, each with its
         * chunks: handed over as one, all or nothing, with the progress of those upstreams, since
         * that progress is committed once per batch. Only with {@link #handsOverTogether}; with no
         * others it is {@link #send}.
         */
        default void sendWith(Time batch, List<List<byte[]>> chunks, Map<Shuffle, List<List<byte[]>>> others) {
            if (!others.isEmpty()) {
                throw new UnsupportedOperationException("this group plugin hands over one keyed stage's part at a time");
            }
            send(batch, chunks);
        }

        /**
         * The reduce side of batch {@code batch}: for each key partition this member owns, every
         * member's chunks for it, once every part of the input has delivered its part of the batch
         * (and of earlier batches not yet reduced here); null for the partitions it does not own.
         * Waits for them; the batch's output commits what was read.
         */
        List<List<byte[]>> receive(Time batch);

        /**
         * {@link #receive receive(batch)} with each key partition's chunks kept apart by the upstream
         * batch that sent them, oldest first: more than one when the partition was taken over or read
         * again with batches not yet reduced, so that a join pairs its sides within one batch. A plugin
         * that cannot tell them apart gives them all under {@code batch}.
         */
        default List<NavigableMap<Time, List<byte[]>>> receiveByBatch(Time batch) {
            var byBatch = new ArrayList<NavigableMap<Time, List<byte[]>>>();
            for (List<byte[]> chunks : receive(batch)) {
                byBatch.add(chunks == null ? null : new TreeMap<>(Map.of(batch, chunks)));
            }
            return byBatch;
        }

        /** The changelog of the state a keyed stage keeps per key: one of {@link #STATE_SHUFFLES}. */
        default StateChangelog changelog() {
            throw new UnsupportedOperationException("this group plugin keeps no state per key partition");
        }
    }

    /**
     * A keyed stage's state kept per key partition, so that it moves with its partition: every
     * batch's changes are written with the batch's output, all or nothing, and the member that
     * takes a key partition over reads its state back as of the last batch committed.
     */
    interface StateChangelog {

        /**
         * After {@link Shuffle#receive receive(batch)}: the state of each key partition that receive
         * gave and whose reading began there from the group's committed progress (newly owned here,
         * or read again after the group refused a commit), as of the last batch committed; the
         * state this member holds for such a partition is replaced by it. Other partitions: none.
         */
        Map<Integer, List<StateEntry>> restored(Time batch);

        /**
         * Batch {@code batch}'s changes to the state of key partition {@code partition}, which
         * {@link Shuffle#receive} gave this member: written in the transaction that commits the
         * batch's output and the key partitions' progress.
         */
        void write(Time batch, int partition, List<StateEntry> changes);
    }

    /**
     * One key's state, serialized by the runtime: {@code key} is the same bytes for the same key
     * (a compacted log keeps the last per key), {@code state} null when the key's state is removed.
     */
    record StateEntry(byte[] key, byte[] state) {
    }

    /**
     * A directory the runtime gives the group plugin for snapshots of its state ({@link #SNAPSHOT_FILES}),
     * on any file system the runtime's checkpoints may use ({@code file:}, {@code hdfs:}). Names are
     * relative to it, with {@code /} between directories.
     */
    @ProviderType
    interface SnapshotFiles {

        /** The directory, for messages. */
        String location();

        /** Writes {@code name} whole or not at all: a reader sees the former file, if any, or all of the new one. */
        void write(String name, Content content) throws IOException;

        /** Reads {@code name}; {@link java.io.FileNotFoundException} when there is none. */
        InputStream read(String name) throws IOException;

        /** The names of the files in directory {@code directory}, without it; empty when it does not exist. */
        List<String> list(String directory) throws IOException;

        /** Deletes {@code name} if it exists. */
        void delete(String name) throws IOException;

        /** What is written into a file. */
        @FunctionalInterface
        interface Content {
            void writeTo(OutputStream out) throws IOException;
        }
    }
}
