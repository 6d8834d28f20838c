package dev.sluice.runtime.internal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecordSerializerTest {

    /** An application's record type. */
    record Reading(String sensor, double value, List<Integer> flags) {
    }

    /** A plain class with a no-arg constructor and mutable fields. */
    static final class Counter {
        String name;
        long count;

        @Override
        public boolean equals(Object o) {
            return o instanceof Counter c && c.name.equals(name) && c.count == count;
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    private final RecordSerializer builtIn = new RecordSerializer(RecordTypes.builtIn());

    @Test
    void roundTripsJdkAndSluiceTypesInOrder() {
        var map = new HashMap<String, Integer>(Map.of("a", 1, "b", 2));
        List<Object> records = Arrays.asList("word", 42, 7L, 2.5, true, 'c', null, new BigDecimal("1.25"),
                Pair.of("k", Pair.of(1, List.of("x", "y"))), new Time(1000), map, new TreeMap<>(map),
                new ArrayList<>(List.of(1, 2, 3)), new LinkedHashSet<>(List.of("p", "q")), Optional.of("o"),
                new int[] {1, 2, 3}, new String[] {"s", "t"}, "word");

        List<Object> back = builtIn.fromBytes(builtIn.toBytes(records));

        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) instanceof int[] ints) {
                assertThat((int[]) back.get(i)).containsExactly(ints);
            } else if (records.get(i) instanceof String[] strings) {
                assertThat((String[]) back.get(i)).containsExactly(strings);
            } else {
                assertThat(back.get(i)).isEqualTo(records.get(i));
            }
        }
    }

    @Test
    void jdkViewsAndImmutableCollectionsComeBackAsPlainCollectionsWithTheSameElements() {
        List<Object> records = List.of(List.of(1, 2, 3), Set.of("only"), Map.of("k", "v"),
                Collections.unmodifiableList(new ArrayList<>(List.of("u", "v"))), Arrays.asList("a", "b"),
                new ArrayList<>(List.of(1, 2, 3, 4)).subList(1, 3), Collections.emptyList(), List.of());

        List<Object> back = builtIn.fromBytes(builtIn.toBytes(records));

        assertThat(back).isEqualTo(records);
    }

    @Test
    void registeredApplicationTypesRoundTrip() {
        var serializer = new RecordSerializer(RecordTypes.of(List.of(Reading.class, Counter.class)));
        var counter = new Counter();
        counter.name = "c";
        counter.count = 3;
        List<Object> records = List.of(new Reading("s1", 0.5, List.of(1, 2)), counter,
                Pair.of("key", new Reading("s2", 1.5, List.of())));

        assertThat(serializer.fromBytes(serializer.toBytes(records))).isEqualTo(records);
    }

    @Test
    void anUnregisteredTypeIsRefusedWithItsNameAndTheFix() {
        assertThatThrownBy(() -> builtIn.toBytes(List.of("fine", Pair.of("k", new Reading("s", 1, List.of())))))
                .isInstanceOf(UnregisteredTypeException.class)
                .hasMessageContaining("cannot serialize a record of type " + Reading.class.getName())
                .hasMessageContaining("registerRecordTypes(RecordSerializerTest.Reading.class)");
    }

    @Test
    void storedDataNamingAnUnregisteredTypeIsNeverInstantiated() {
        var writer = new RecordSerializer(RecordTypes.of(List.of(Reading.class)));
        byte[] bytes = writer.toBytes(List.of(new Reading("s", 1, List.of())));

        assertThatThrownBy(() -> builtIn.fromBytes(bytes))
                .isInstanceOf(UnregisteredTypeException.class)
                .hasMessageContaining("refusing to read a record of type " + Reading.class.getName());
    }

    @Test
    void hostileBytesNamingAJdkClassCannotMakeItLoad() {
        // a well-formed block whose one record claims to be a java.lang.ProcessBuilder
        var output = new Output(64);
        output.writeBytes(new byte[] {'S', 'L', 'R', 1});
        output.writeVarInt(1, true); // one record
        output.writeVarInt(1, true); // its class follows by name
        output.writeVarInt(0, true); // name id 0
        output.writeString("java.lang.ProcessBuilder");

        assertThatThrownBy(() -> builtIn.fromBytes(output.toBytes()))
                .isInstanceOf(UnregisteredTypeException.class)
                .hasMessageContaining("refusing to read a record of type java.lang.ProcessBuilder");
    }

    @Test
    void aRegisteredTypeKryoCannotReachIsRefusedWithTheReason() {
        var serializer = new RecordSerializer(RecordTypes.of(List.of(java.io.File.class)));

        assertThatThrownBy(() -> serializer.toBytes(List.of(new java.io.File("/tmp/x"))))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("cannot serialize records of type java.io.File")
                .hasMessageContaining("does not \"opens java.io\"");
    }

    @Test
    void corruptOrForeignBytesGiveAClearError() {
        byte[] bytes = builtIn.toBytes(List.of("a", "b", "c"));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);

        assertThatThrownBy(() -> builtIn.fromBytes(truncated))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("is corrupt or truncated");
        assertThatThrownBy(() -> builtIn.fromBytes("not a block".getBytes()))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("is not Sluice record data");
    }

    @Test
    void streamsRoundTripLikeBytes() throws Exception {
        var out = new ByteArrayOutputStream();
        List<Object> records = List.of("x", 1, Pair.of("y", 2L));

        builtIn.write(records, out);

        assertThat(builtIn.read(new ByteArrayInputStream(out.toByteArray()), "test")).isEqualTo(records);
        assertThat(out.toByteArray()).isEqualTo(builtIn.toBytes(records));
    }

    @Test
    void stringsRoundTripExactlyAsTextIncludingNonAsciiEmptyAndSurrogatePairs() throws Exception {
        List<Object> lines = List.of("the quick brown fox", "", "naïve café 東京", "emoji \uD83D\uDE00 pair", "x".repeat(70_000));

        byte[] bytes = builtIn.toBytes(lines);

        assertThat(bytes[3]).as("the text format").isEqualTo((byte) 2);
        assertThat(builtIn.fromBytes(bytes)).isEqualTo(lines);
        var out = new ByteArrayOutputStream();
        builtIn.write(lines, out);
        assertThat(builtIn.read(new ByteArrayInputStream(out.toByteArray()), "test")).isEqualTo(lines);
        assertThat(bytes).as("sized exactly: the same bytes as the stream gets, nothing after them").isEqualTo(out.toByteArray());
    }

    @Test
    void aLoneSurrogateOrAnotherTypeKeepsTheRecordFormatSoNothingChanges() {
        List<Object> lone = List.of("ok", "broken \uD83D here");
        List<Object> mixed = List.of("a", 1);

        assertThat(builtIn.toBytes(lone)[3]).isEqualTo((byte) 1);
        assertThat(builtIn.fromBytes(builtIn.toBytes(lone))).isEqualTo(lone);
        assertThat(builtIn.toBytes(mixed)[3]).isEqualTo((byte) 1);
        assertThat(builtIn.fromBytes(builtIn.toBytes(mixed))).isEqualTo(mixed);
    }

    @Test
    void truncatedTextGivesAClearError() {
        byte[] bytes = builtIn.toBytes(List.of("first line", "second line"));

        assertThatThrownBy(() -> builtIn.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("is corrupt or truncated");
    }
}
