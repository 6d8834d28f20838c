package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.sluice.api.Time;

/**
 * Runs the map stages a dataset depends on, deepest first. In a stream a group shares, the exchanged
 * stages of one batch that read the same upstreams (the input, or the same keyed stages) send their
 * parts together before any of them waits for its keys: a member commits an upstream's progress of
 * a batch once, in the transaction that hands every reader's part on, so the readers of
 * {@code a.reduceByKey(f).join(b.reduceByKey(g))}'s input must all have sent before either receives.
 * Stages of different upstreams or batches hand over one after another, in the lineage's order,
 * which is the same on every member.
 */
final class ExchangedStages {

    /** The stages handing over together: one batch, the same upstream stages (none: the input). */
    private record HandOver(Time batch, Set<Rdd<?>> upstreams) {
    }

    private final WorkerPool pool;
    /** Each exchanged stage's upstreams: the nearest exchanged stages behind its parents. */
    private final Map<ExchangedShuffle, Set<Rdd<?>>> upstreams = new IdentityHashMap<>();

    ExchangedStages(WorkerPool pool) {
        this.pool = pool;
    }

    void prepare(Rdd<?> rdd) {
        // found before any stage runs: a stage that ran lets go of its parents
        reachedFrom(rdd, new IdentityHashMap<>());
        while (true) {
            var ready = new LinkedHashMap<HandOver, List<ExchangedShuffle>>();
            if (walk(rdd, ready, new IdentityHashMap<>())) {
                return;
            }
            if (ready.isEmpty()) {
                throw new IllegalStateException("no exchanged stage of " + rdd + " can run, though some have not");
            }
            ready.values().forEach(this::handOver);
        }
    }

    /** Sends every stage's part as one hand-over, then receives each one's keys. */
    private void handOver(List<ExchangedShuffle> stages) {
        var steps = new ArrayList<KeyExchangeStep>();
        var sides = new ArrayList<List<? extends KeyExchangeStep.Side<?, ?>>>();
        for (ExchangedShuffle stage : stages) {
            steps.add(stage.exchange());
            sides.add(stage.localSides(pool));
        }
        KeyExchangeStep.sendTogether(steps, sides);
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).receive(sides.get(i));
        }
    }

    /**
     * Whether {@code rdd}'s map stages have all run; runs those not exchanged whose parents have, and
     * files each exchanged one whose parents have under its hand-over in {@code ready}.
     */
    private boolean walk(Rdd<?> rdd, Map<HandOver, List<ExchangedShuffle>> ready, Map<Rdd<?>, Boolean> seen) {
        Boolean known = seen.get(rdd);
        if (known != null) {
            return known;
        }
        boolean parentsDone = true;
        for (Rdd<?> parent : rdd.parents()) {
            parentsDone &= walk(parent, ready, seen);
        }
        boolean done;
        if (rdd instanceof ExchangedShuffle stage && stage.exchange() != null) {
            done = stage.received();
            if (!done && parentsDone) {
                ready.computeIfAbsent(new HandOver(stage.exchange().batch(), upstreams.getOrDefault(stage, Set.of())),
                        h -> new ArrayList<>()).add(stage);
            }
        } else if (rdd instanceof ShuffleStage stage) {
            if (parentsDone) {
                stage.runMapStage(pool);
            }
            done = parentsDone;
        } else {
            done = parentsDone;
        }
        seen.put(rdd, done);
        return done;
    }

    /** The exchanged stages nearest {@code rdd} (itself, if it is one); notes each one's upstreams. */
    private Set<Rdd<?>> reachedFrom(Rdd<?> rdd, Map<Rdd<?>, Set<Rdd<?>>> seen) {
        Set<Rdd<?>> known = seen.get(rdd);
        if (known != null) {
            return known;
        }
        var behind = new LinkedHashSet<Rdd<?>>();
        for (Rdd<?> parent : rdd.parents()) {
            behind.addAll(reachedFrom(parent, seen));
        }
        Set<Rdd<?>> reached = behind;
        if (rdd instanceof ExchangedShuffle stage && stage.exchange() != null) {
            upstreams.put(stage, Set.copyOf(behind));
            reached = Set.of(rdd);
        }
        seen.put(rdd, reached);
        return reached;
    }
}
