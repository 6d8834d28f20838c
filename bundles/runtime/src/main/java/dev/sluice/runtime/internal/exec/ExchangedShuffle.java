package dev.sluice.runtime.internal.exec;

import java.util.List;

/**
 * A shuffle whose keys may cross the members of a group ({@link KeyExchangeStep}): its map side is
 * this member's part, sent through the exchange, and what comes back is the group's keys owned here.
 * {@link ExchangedStages} runs the two halves, so that stages reading the same upstreams send together.
 */
interface ExchangedShuffle extends ShuffleStage {

    /** Its step through the group's exchange; null when this process has the whole batch. */
    KeyExchangeStep exchange();

    /** Whether the group's keys are in (or the stage ran without an exchange). */
    boolean received();

    /** This member's part, one table per shuffle partition per side, from its parents' partitions. */
    List<KeyExchangeStep.Side<?, ?>> localSides(WorkerPool pool);

    /** Takes the group's keys owned here from {@link #exchange}, once this member's {@code sides} were sent. */
    void receive(List<? extends KeyExchangeStep.Side<?, ?>> sides);
}
