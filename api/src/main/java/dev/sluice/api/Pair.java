package dev.sluice.api;

/** A key and a value, the element type of a {@link PairDStream}; prints as {@code (key,value)}. */
public record Pair<K, V>(K key, V value) {

    public static <K, V> Pair<K, V> of(K key, V value) {
        return new Pair<>(key, value);
    }

    @Override
    public String toString() {
        return "(" + key + "," + value + ")";
    }
}
