package dev.sluice.itests.recovery.timed;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.OperatorProvider;
import java.util.Optional;

/**
 * {@code summed-running-count}: each word's count in the batch ({@code reduceByKey}), then its running
 * total over those counts ({@code updateStateByKey}): the same running count as the operator
 * library's {@code running-count}, made of a keyed stage and a stage keeping state that reads it,
 * a chain a group shares with the state's changes written in the output's transaction.
 */
public final class SummedRunningCount implements OperatorProvider {

    public static final String TYPE = "summed-running-count";

    @Override
    @SuppressWarnings("unchecked")
    public DStream<?> apply(DStream<?> input, Config config) {
        return ((DStream<String>) input).mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum)
                .<Long>updateStateByKey((sums, total) -> Optional.of(total.orElse(0L)
                        + sums.stream().mapToLong(Long::longValue).sum()));
    }
}
