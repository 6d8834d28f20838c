package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.storage.SnapshotDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka plugin's own snapshot and restore of partition 0 of a changelog, for
 * {@code dev.sluice.benchmarks.ChangelogRestore} (which sees the plugin only through this test jar):
 * what a member does at a checkpoint moment, and what it does when it takes the partition over,
 * with its snapshots in the runtime's snapshot directory {@code directory}.
 */
public final class SnapshotRestore {

    /** What one restore read: keys, changelog records, keys that came from a snapshot. */
    public record Figures(long keys, long records, long keysFromSnapshots) {
    }

    private SnapshotRestore() {
    }

    /** Snapshots partition 0 of {@code topic} as a member does at a checkpoint moment: its last snapshot, if any, and the changelog after it. */
    public static void snapshot(Map<String, Object> clientProperties, String topic, String directory)
            throws IOException {
        try (var writer = new SnapshotWriter(topic, snapshots(SnapshotDirectory.open(directory), topic),
                new ChangelogReader(topic, ReduceSideReader.readCommitted(clientProperties)), Duration.ofHours(1))) {
            writer.take(Set.of(0));
        }
    }

    /** Restores partition 0 of {@code topic} as a member taking it over does: from its snapshot in {@code directory} if given. */
    public static Figures restore(Map<String, Object> clientProperties, String topic, Optional<String> directory)
            throws IOException {
        Optional<KeyExchange.SnapshotFiles> files = directory.isEmpty() ? Optional.empty()
                : Optional.of(SnapshotDirectory.open(directory.get()));
        var partitions = new ChangelogTopic.KeyPartitions() {
            @Override
            public Set<Integer> restartedIn(long batch) {
                return Set.of(0);
            }

            @Override
            public void readAgain(Set<Integer> partitions) {
            }
        };
        try (var changelog = new ChangelogTopic(topic, clientProperties, files.map(f ->
                new ChangelogTopic.Snapshots(snapshots(f, topic), Duration.ofHours(1))), partitions)) {
            long keys = changelog.restored(new Time(0)).get(0).size();
            ChangelogTopic.RestoreFigures figures = changelog.lastRestore();
            return new Figures(keys, figures.records(), figures.keysFromSnapshots());
        }
    }

    private static StateSnapshots snapshots(KeyExchange.SnapshotFiles files, String topic) {
        // the broker's default delete.retention.ms, one day: the benchmark's snapshot is minutes old
        return new StateSnapshots(files, topic, Duration.ofDays(1));
    }
}
