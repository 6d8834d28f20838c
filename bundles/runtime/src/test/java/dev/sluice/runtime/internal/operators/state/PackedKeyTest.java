package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackedKeyTest {

    private static long low(Object key) {
        return new PackedKey().of(key).low;
    }

    private static long high(Object key) {
        return new PackedKey().of(key).high;
    }

    @Test
    void shortLatin1StringsPackAndOthersDoNot() {
        assertThat(high("")).isNotZero();
        assertThat(high("fifteen-chars-x")).isNotZero();
        assertThat(high("sixteen-chars-xy")).as("too long").isZero();
        assertThat(high("caf\u00e9")).as("Latin-1").isNotZero();
        assertThat(high("\u20ac5")).as("not Latin-1").isZero();
        assertThat(high(42)).as("not a String").isZero();
        assertThat(high(null)).isZero();
    }

    @Test
    void keysPackAlikeOnlyWhenEqual() {
        // same length, same hash, prefixes and a trailing NUL: each pair differs in its packed longs
        var keys = List.of("", "\0", "a", "a\0", "Aa", "BB", "AaAa", "BBBB", "AaBB", "12345678", "123456789",
                "12345678\0", "abcdefghijklmno", "abcdefghijklmnp", "\u00ff", "\u00fe");
        for (String a : keys) {
            for (String b : keys) {
                boolean packedAlike = low(a) == low(b) && high(a) == high(b);
                assertThat(packedAlike).as("%s against %s", a, b).isEqualTo(a.equals(b));
            }
            assertThat(low(new String(a))).isEqualTo(low(a));
            assertThat(high(new String(a))).isEqualTo(high(a));
            assertThat(PackedKey.key(low(a), high(a))).as("the key made back from its packed form").isEqualTo(a);
        }
    }

    /**
     * Keys that pack, keys that share their hash, keys too long or not Latin-1 to pack, other types and
     * null, touched and dropped across batches and rehashes, against a HashMap: a lookup finds each key
     * by its packed form or as an object, and never another key with the same hash.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aTableOfPackedKeysHoldsWhatAHashMapHolds(long seed) {
        var random = new Random(seed);
        var table = new TouchTable<Object, Object>(false);
        var model = new HashMap<Object, Object>();
        String[] halves = {"Aa", "BB"}; // "Aa" and "BB" hash alike, so every string of them does too
        long time = 0;
        for (int batch = 0; batch < 200; batch++) {
            time += 1000;
            var before = new HashMap<>(model);
            table.reserve(100);
            table.begin();
            for (int r = 0; r < 100; r++) {
                Object key = switch (random.nextInt(6)) {
                    case 0 -> {
                        var sb = new StringBuilder();
                        for (int n = random.nextInt(9); n > 0; n--) {
                            sb.append(halves[random.nextInt(2)]);
                        }
                        yield sb.toString(); // up to 16 chars: the longest ones do not pack
                    }
                    case 1 -> "k" + random.nextInt(500);
                    case 2 -> "\u20ac" + random.nextInt(50);
                    case 3 -> random.nextInt(50);
                    case 4 -> random.nextInt(20) == 0 ? null : "a-rather-long-key-" + random.nextInt(50);
                    default -> new String("k" + random.nextInt(500)); // an equal key, another instance
                };
                int i = table.indexOf(key);
                boolean has = i >= 0 && table.taken(i);
                assertThat(has).as("found %s", key).isEqualTo(model.containsKey(key));
                if (has) {
                    assertThat(table.keyAt(i)).isEqualTo(key);
                    assertThat(table.stateAt(i)).isEqualTo(model.get(key));
                }
                if (has && random.nextInt(4) == 0) {
                    table.drop(i);
                    model.remove(key);
                } else {
                    int state = random.nextInt(1000);
                    table.touch(key, state, time);
                    model.put(key, state);
                }
            }
            if (random.nextInt(10) == 0) {
                table.rollback();
                model.clear();
                model.putAll(before);
            } else {
                table.commit();
            }
            assertThat(table).isEqualTo(model);
        }
        assertThat(table.size()).isEqualTo(model.size()).isGreaterThan(300);
    }
}
