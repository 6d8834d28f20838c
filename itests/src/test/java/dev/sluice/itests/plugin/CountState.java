package dev.sluice.itests.plugin;

/** The running count a {@link CountingOperatorProvider} keeps per word: a plugin's own state type. */
public record CountState(long count) {

    CountState plus(long more) {
        return new CountState(count + more);
    }
}
