package dev.sluice.source.kafka.internal;

import dev.sluice.api.spi.KeyExchange;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of one changelog's key partitions in the directory the runtime gives
 * ({@link KeyExchange#SNAPSHOT_FILES}): {@code TOPIC/PARTITION/OFFSET}, the offset the snapshot
 * covers up to, zero-padded so that names sort by it. A newer snapshot is written whole before
 * the older ones of its partition are deleted.
 */
final class StateSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(StateSnapshots.class);

    private final KeyExchange.SnapshotFiles files;
    private final String topic;
    /**
     * How old a snapshot may be: compaction drops a tombstone once it is older than the changelog's
     * {@code delete.retention.ms}, and a tombstone dropped after a snapshot would bring its key back.
     */
    private final Duration maxAge;

    /** {@code deleteRetention}: the changelog's {@code delete.retention.ms}; a snapshot is used for half of it. */
    StateSnapshots(KeyExchange.SnapshotFiles files, String topic, Duration deleteRetention) {
        this.files = files;
        this.topic = topic;
        this.maxAge = deleteRetention.dividedBy(2);
    }

    /**
     * The newest snapshot of {@code partition} that the changelog can go on from: it covers no
     * offset past the changelog's committed {@code end} (else the changelog was made again), the
     * changelog still holds every record from its offset ({@code beginning} not after it), and it is
     * young enough that no tombstone after it can have been compacted away. Otherwise none, and, for
     * a restore ({@code restoring}), a WARN naming it; for the next snapshot, which replaces it, an INFO.
     */
    Optional<StateSnapshot> usable(int partition, int partitions, long beginning, long end, long now,
                                   boolean restoring) {
        Optional<StateSnapshot> newest = newest(partition, partitions, restoring);
        if (newest.isEmpty()) {
            return newest;
        }
        StateSnapshot s = newest.get();
        String name = location(partition, nameOf(s.offset()));
        String reason = null;
        if (s.offset() > end) {
            reason = "it covers up to offset " + s.offset() + " but the changelog's committed changes end at " + end
                    + " (was the changelog deleted and made again?)";
        } else if (s.offset() < beginning) {
            reason = "it covers up to offset " + s.offset() + " but the changelog begins at " + beginning
                    + ": changes after it were deleted";
        } else if (now - s.takenAt() > maxAge.toMillis()) {
            reason = "it was taken " + Duration.ofMillis(now - s.takenAt()).toMinutes() + " minutes ago,"
                    + " more than half the changelog's delete.retention.ms (" + maxAge.multipliedBy(2).toMinutes()
                    + " minutes): removals after it may have been compacted away";
        }
        if (reason != null) {
            refuse(name, reason, partition, restoring);
            return Optional.empty();
        }
        return newest;
    }

    private void refuse(String name, String reason, int partition, boolean restoring) {
        if (restoring) {
            LOG.warn("Cannot use the state snapshot {}: {}; the whole changelog of partition {} of {} is read"
                    + " instead", name, reason, partition, topic);
        } else {
            LOG.info("The state snapshot {} is not used ({}); the next snapshot of partition {} of {} reads the whole"
                    + " changelog and replaces it", name, reason, partition, topic);
        }
    }

    /** A file of partition {@code partition}, for messages. */
    String location(int partition, String name) {
        return files.location() + "/" + directoryOf(partition) + "/" + name;
    }

    /** The names of partition {@code partition}'s snapshots, newest first. */
    List<String> names(int partition) throws IOException {
        return files.list(directoryOf(partition)).stream().filter(StateSnapshots::isSnapshotName)
                .sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * The newest snapshot of {@code partition} of a changelog of {@code partitions} partitions, if it
     * has one and it can be read; one that cannot is named in a WARN, and the caller reads the whole
     * changelog instead.
     */
    Optional<StateSnapshot> newest(int partition, int partitions) {
        return newest(partition, partitions, true);
    }

    private Optional<StateSnapshot> newest(int partition, int partitions, boolean restoring) {
        String name;
        try {
            List<String> names = names(partition);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            name = names.get(0);
        } catch (IOException e) {
            LOG.warn("Cannot list the state snapshots of partition {} of {} in {} ({}); its whole changelog is read",
                    partition, topic, files.location(), e.toString());
            return Optional.empty();
        }
        try (InputStream in = files.read(directoryOf(partition) + "/" + name)) {
            return Optional.of(StateSnapshot.read(new BufferedInputStream(in, 1 << 16),
                    location(partition, name), topic, partition, partitions));
        } catch (FileNotFoundException e) {
            // a newer one replaced it meanwhile: no snapshot this time, nothing wrong
            LOG.info("The state snapshot {} went while it was opened; the whole changelog of partition {} is read",
                    location(partition, name), partition);
            return Optional.empty();
        } catch (IOException e) {
            refuse(location(partition, name), e.getMessage(), partition, restoring);
            return Optional.empty();
        }
    }

    /** Writes {@code snapshot}, then deletes the older snapshots of its partition. */
    void write(StateSnapshot snapshot) throws IOException {
        String name = nameOf(snapshot.offset());
        String directory = directoryOf(snapshot.partition());
        files.write(directory + "/" + name, out -> snapshot.writeTo(out));
        for (String older : names(snapshot.partition())) {
            if (older.compareTo(name) < 0) {
                files.delete(directory + "/" + older);
            }
        }
    }

    private String directoryOf(int partition) {
        return topic + "/" + partition;
    }

    static String nameOf(long offset) {
        return String.format("%019d", offset);
    }

    private static boolean isSnapshotName(String name) {
        return name.length() == 19 && name.chars().allMatch(Character::isDigit);
    }
}
