package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.runtime.internal.storage.SnapshotDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key partition's state snapshot on a real directory, written through the runtime's snapshot
 * directory as a group member writes it: read back key for key, and refused, naming the file, when
 * it is corrupt, truncated, of another format or of another partitioning.
 */
class StateSnapshotTest {

    private static final String TOPIC = "sluice-g-changelog-counts";

    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryKeyAndStateOfTheNewestSnapshotAndDeleteTheOlderOnes() throws IOException {
        var snapshots = new StateSnapshots(SnapshotDirectory.open(dir.toString()), TOPIC, Duration.ofDays(1));
        Map<ByteBuffer, byte[]> older = randomState(new Random(1), 500);
        Map<ByteBuffer, byte[]> newer = randomState(new Random(2), 800);
        snapshots.write(new StateSnapshot(TOPIC, 3, 6, 1_000, 10, older));
        snapshots.write(new StateSnapshot(TOPIC, 3, 6, 25_000, 20, newer));

        StateSnapshot read = snapshots.newest(3, 6).orElseThrow();
        assertThat(read.offset()).isEqualTo(25_000);
        assertThat(read.takenAt()).isEqualTo(20);
        assertThat(texts(read.state())).isEqualTo(texts(newer));
        assertThat(snapshots.names(3)).as("the older snapshot deleted once the newer was whole")
                .containsExactly(StateSnapshots.nameOf(25_000));
        assertThat(snapshots.newest(2, 6)).as("a partition with no snapshot").isEmpty();
    }

    @Test
    void shouldRefuseACorruptTruncatedOrOtherSnapshotNamingTheFile() throws IOException {
        byte[] good = bytesOf(new StateSnapshot(TOPIC, 1, 4, 42, 7, randomState(new Random(3), 100)));

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        assertThatThrownBy(() -> read(flipped, 1, 4)).isInstanceOf(StateSnapshot.UnreadableException.class)
                .hasMessageContaining("the-file").hasMessageContaining("checksum");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 9), 1, 4))
                .isInstanceOf(StateSnapshot.UnreadableException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> read(good, 1, 8)).as("the changelog has another partition count now")
                .isInstanceOf(StateSnapshot.UnreadableException.class).hasMessageContaining("with 4 partitions");
        assertThatThrownBy(() -> read(good, 2, 4)).as("another partition's")
                .isInstanceOf(StateSnapshot.UnreadableException.class).hasMessageContaining("not of partition 2");
        byte[] otherFormat = good.clone();
        otherFormat[7] = 9;
        assertThatThrownBy(() -> read(otherFormat, 1, 4)).isInstanceOf(StateSnapshot.UnreadableException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> read("not a snapshot".getBytes(StandardCharsets.UTF_8), 1, 4))
                .isInstanceOf(StateSnapshot.UnreadableException.class).hasMessageContaining("not a Sluice state snapshot");
        assertThat(texts(read(good, 1, 4).state())).hasSize(100);
    }

    @Test
    void shouldGiveNoSnapshotWhenTheNewestCannotBeUsed() throws IOException {
        var files = SnapshotDirectory.open(dir.toString());
        var snapshots = new StateSnapshots(files, TOPIC, Duration.ofHours(2));
        snapshots.write(new StateSnapshot(TOPIC, 0, 2, 300, 1_000_000, randomState(new Random(4), 10)));
        assertThat(snapshots.usable(0, 2, 0, 300, 1_000_000, true)).isPresent();
        assertThat(snapshots.usable(0, 2, 0, 299, 1_000_000, true)).as("newer than the changelog's committed end").isEmpty();
        assertThat(snapshots.usable(0, 2, 301, 400, 1_000_000, true)).as("changes after it deleted").isEmpty();
        assertThat(snapshots.usable(0, 2, 0, 400, 1_000_000 + Duration.ofMinutes(61).toMillis(), true))
                .as("older than half the changelog's delete.retention.ms").isEmpty();

        Path file = dir.resolve(TOPIC).resolve("0").resolve(StateSnapshots.nameOf(300));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);
        assertThat(snapshots.newest(0, 2)).as("a corrupt snapshot").isEmpty();
    }

    private static StateSnapshot read(byte[] bytes, int partition, int partitions) throws IOException {
        return StateSnapshot.read(new ByteArrayInputStream(bytes), "the-file", TOPIC, partition, partitions);
    }

    private static byte[] bytesOf(StateSnapshot snapshot) throws IOException {
        var out = new ByteArrayOutputStream();
        snapshot.writeTo(out);
        return out.toByteArray();
    }

    private static Map<ByteBuffer, byte[]> randomState(Random random, int keys) {
        var state = new LinkedHashMap<ByteBuffer, byte[]>();
        for (int i = 0; i < keys; i++) {
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            state.put(ByteBuffer.wrap(("key-" + i).getBytes(StandardCharsets.UTF_8)), value);
        }
        return state;
    }

    private static Map<String, String> texts(Map<ByteBuffer, byte[]> state) {
        var texts = new TreeMap<String, String>();
        state.forEach((k, v) -> texts.put(new String(k.array(), StandardCharsets.UTF_8), Arrays.toString(v)));
        return texts;
    }
}
