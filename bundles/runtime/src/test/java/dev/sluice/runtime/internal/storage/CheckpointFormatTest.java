package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {

    private static final Checkpoint CHECKPOINT = new Checkpoint(42, "file-line-count", Duration.ofSeconds(1),
            new Time(1_000), new Time(9_000), new Time(7_000), List.of(new Time(8_000), new Time(9_000)),
            List.of(new Checkpoint.Operator("textFileStream-0", "textFileStream"),
                    new Checkpoint.Operator("total", "updateStateByKey")),
            List.of(new Checkpoint.StateRef("total", "updateStateByKey", new Time(6_000), "state/total/6000")),
            new Time(6_000), List.of(new Checkpoint.InputProgress("textFileStream-0", new Time(6_000), new byte[] {1, 2, 3})));

    @Test
    void shouldReadBackWhatItWrote() {
        Checkpoint read = CheckpointFormat.decode(CheckpointFormat.encode(CHECKPOINT), "test");

        assertThat(read).usingRecursiveComparison().ignoringFields("inputs").isEqualTo(CHECKPOINT);
        assertThat(read.inputs()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("textFileStream-0");
            assertThat(i.time()).isEqualTo(new Time(6_000));
            assertThat(i.progress()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void shouldRefuseATruncatedFile() {
        byte[] bytes = CheckpointFormat.encode(CHECKPOINT);

        for (int length : new int[] {0, 3, 9, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> CheckpointFormat.decode(Arrays.copyOf(bytes, length), "checkpoint-1"))
                    .as("cut at %d bytes", length).isInstanceOf(SluiceException.class)
                    .hasMessageStartingWith("checkpoint-1 ");
        }
    }

    @Test
    void shouldRefuseAFlippedBitAnywhere() {
        byte[] bytes = CheckpointFormat.encode(CHECKPOINT);

        for (int i = 0; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            int at = i;
            assertThatThrownBy(() -> CheckpointFormat.decode(damaged, "checkpoint-1")).as("byte %d", at)
                    .isInstanceOf(SluiceException.class);
        }
    }

    @Test
    void shouldNameAnotherVersionInItsRefusal() {
        byte[] bytes = CheckpointFormat.encode(CHECKPOINT);
        bytes[4] = 7;

        assertThatThrownBy(() -> CheckpointFormat.decode(bytes, "checkpoint-1"))
                .hasMessage("checkpoint-1 has checkpoint format version 7; this runtime reads version 1");
    }
}
