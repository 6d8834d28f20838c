package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.Time;
import dev.sluice.api.management.StageMetrics;
import dev.sluice.runtime.internal.exec.CachedRdd;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.MeasuredRdd;
import dev.sluice.runtime.internal.exec.Rdd;

/**
 * One operator of the logical DStream graph. It knows its dependencies and slide, and computes
 * its dataset for a batch time from theirs; each batch time is computed at most once, so a
 * stream read by several outputs is computed once per batch. Generated datasets are kept for
 * {@link #rememberDuration()} after their batch completes, then released.
 * Generation and clean-up run on the scheduler's thread; {@link #slice} may read from others.
 */
public abstract class DStreamNode<T> {

    protected final DStreamGraph graph;
    private final int id;
    private final String operator;
    private String name;
    /** Stateful streams write their state at least this often unless told otherwise. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final TreeMap<Time, Rdd<T>> generated = new TreeMap<>();
    private Duration rememberDuration = Duration.ZERO;
    /** How long the streams reading this one (windows) need its batches: part of {@link #rememberDuration}. */
    private Duration rememberedForDependents = Duration.ZERO;
    /** The level this stream's batches are kept at; NONE unless persisted. */
    private StorageLevel storageLevel = StorageLevel.NONE;
    private Duration checkpointInterval;
    /** The name derived from the graph's shape, set when the graph starts. */
    private String derivedName;
    private volatile StageMetrics lastFigures;
    /** The operator plugin stage that added this stream, if one did. */
    private OperatorStageRef stage;

    protected DStreamNode(DStreamGraph graph, String operator) {
        this.graph = graph;
        this.id = graph.register(this);
        this.operator = operator;
    }

    public abstract List<DStreamNode<?>> dependencies();

    /** The dataset at {@code time}, or null where this stream has none (off its slide). */
    protected abstract Rdd<T> compute(Time time);

    /** How often this stream produces a dataset: its parent's unless a window changes it. */
    public Duration slideDuration() {
        return dependencies().get(0).slideDuration();
    }

    /**
     * The dataset at {@code time}, computed once. If computing it throws, an empty one stands in
     * for it and {@link BatchNotGenerated} is thrown; a stream reading one that failed so is
     * computed from the stand-in, kept, and throws the same: every stream of a failed batch has its
     * dataset for it, so no later batch computes that batch again (its input is gone by then).
     */
    public final Rdd<T> getOrCompute(Time time) {
        Rdd<T> rdd;
        synchronized (generated) {
            rdd = generated.get(time);
        }
        if (rdd != null || !isTimeValid(time)) {
            return rdd;
        }
        BatchNotGenerated failed = null;
        // each attempt after a failed stream it reads finds one more of them standing in: at most one per dependency
        for (int attempt = 0; attempt <= dependencies().size(); attempt++) {
            try {
                rdd = compute(time);
                break;
            } catch (BatchNotGenerated e) {
                failed = failed == null ? e : failed;
            } catch (RuntimeException e) {
                failed = new BatchNotGenerated(name(), time, e);
                break;
            }
        }
        if (failed != null && rdd == null) {
            rdd = ListRdd.empty();
        } else if (rdd != null) {
            if (storageLevel != StorageLevel.NONE && !materialized()) {
                rdd = new CachedRdd<>(rdd, graph.blocks(), storageLevel);
            }
            // tables kept across batches (state, windows) are read by their own node as such
            if (!materialized() && graph.measuring()) {
                rdd = new MeasuredRdd<>(rdd);
            }
        }
        if (rdd != null) {
            synchronized (generated) {
                generated.put(time, rdd);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return rdd;
    }

    /** The datasets already generated for batch times in [from, to]. */
    public final java.util.List<Rdd<T>> slice(Time from, Time to) {
        synchronized (generated) {
            return java.util.List.copyOf(generated.subMap(from, true, to, true).values());
        }
    }

    protected boolean isTimeValid(Time time) {
        long sinceZero = time.millis() - graph.zeroTime().millis();
        return sinceZero > 0 && sinceZero % slideDuration().toMillis() == 0;
    }

    /** Releases datasets no batch after {@code completed} needs any more. */
    final void clearMetadata(Time completed) {
        Time horizon = completed.minus(rememberDuration);
        Map<Time, Rdd<T>> old;
        synchronized (generated) {
            var view = generated.headMap(horizon, true);
            old = new TreeMap<>(view);
            view.clear();
        }
        old.forEach((time, measured) -> {
            Rdd<T> rdd = measured instanceof MeasuredRdd<T> m ? m.inner() : measured;
            if (rdd instanceof CachedRdd<T> cached) {
                cached.unpersist();
            }
            release(time, rdd);
        });
        cleared(completed);
    }

    /** Keeps the figures of the completed batch at {@code time} as this stream's latest, if it computed one. */
    final void noteFigures(Time time) {
        Rdd<T> rdd;
        synchronized (generated) {
            rdd = generated.get(time);
        }
        if (rdd instanceof MeasuredRdd<T> m && m.computed()) {
            long nanos = m.nanos();
            lastFigures = new StageMetrics(time, m.records(),
                    nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty());
        }
    }

    /** Its records and time in the latest completed batch that computed it; none for tables kept across batches. */
    public Optional<StageMetrics> lastFigures() {
        return Optional.ofNullable(lastFigures);
    }

    /** Drops whatever else this operator keeps per batch once batch {@code completed} is done. */
    protected void cleared(Time completed) {
    }

    /** Frees what the dropped dataset of {@code time} holds, such as received blocks. */
    protected void release(Time time, Rdd<T> rdd) {
    }

    /** Asks this stream to keep its datasets at least {@code d} after their batch, e.g. for a window above it. */
    public void remember(Duration d) {
        if (d.compareTo(rememberDuration) > 0) {
            rememberDuration = d;
        }
        if (d.compareTo(rememberedForDependents) > 0) {
            rememberedForDependents = d;
        }
        for (DStreamNode<?> dep : dependencies()) {
            dep.remember(d);
        }
    }

    public Duration rememberDuration() {
        return rememberDuration;
    }

    /**
     * How far back the streams reading this one (windows) read its batches: after a recovery they
     * can read only the batches computed again, so a state restored for them must be this old.
     */
    public Duration rememberedForDependents() {
        return rememberedForDependents;
    }

    /** Keeps each batch's dataset once computed at {@code level}, for a stream read more than once per batch. */
    public void persist(StorageLevel level) {
        graph.checkNotStarted("persist a stream");
        if (!level.isValid()) {
            throw new InvalidGraphException("cannot persist " + this + " at " + level
                    + "; choose a level that uses memory or disk, e.g. MEMORY_ONLY_SER");
        }
        if (storageLevel != StorageLevel.NONE && storageLevel != level) {
            throw new InvalidGraphException("cannot persist " + this + " at " + level + ": it is already persisted at "
                    + storageLevel + "; a stream has one storage level");
        }
        storageLevel = level;
    }

    /** Whether this stream's datasets are tables built once (windows, state), so caching adds nothing. */
    protected boolean materialized() {
        return false;
    }

    /** A stateful stream reads its previous batch: keep it one slide longer. */
    protected void keepPreviousBatch() {
        rememberOwn(slideDuration());
    }

    /** Keeps this stream's own datasets {@code d} after their batch, without asking the same of its parents. */
    protected final void rememberOwn(Duration d) {
        if (d.compareTo(rememberDuration) > 0) {
            rememberDuration = d;
        }
    }

    /**
     * Keeps a computed stream read by several outputs or by windows as objects in memory, unless the
     * user chose a level; an input's batches are already held, as blocks or lists.
     */
    public final void persistUnlessInput() {
        if (!(this instanceof InputNode) && storageLevel == StorageLevel.NONE) {
            storageLevel = StorageLevel.MEMORY_ONLY;
        }
    }

    /** Validates and records how often this stream's data is checkpointed; a multiple of its slide. */
    public void checkpoint(Duration interval) {
        graph.checkNotStarted("set a checkpoint interval");
        long slide = slideDuration().toMillis();
        if (interval.toMillis() <= 0 || interval.toMillis() % slide != 0) {
            throw new InvalidGraphException("checkpoint interval of " + name() + " must be a positive multiple of"
                    + " its slide duration " + slide + " ms, got " + interval.toMillis() + " ms");
        }
        checkpointInterval = interval;
    }

    /** The interval set by the user, or else the smallest multiple of the slide of at least 10 s. */
    public Duration checkpointInterval() {
        if (checkpointInterval != null) {
            return checkpointInterval;
        }
        long slide = slideDuration().toMillis();
        long multiple = (DEFAULT_CHECKPOINT_INTERVAL.toMillis() + slide - 1) / slide;
        return Duration.ofMillis(Math.max(1, multiple) * slide);
    }

    /** Hands a dataset read back from a checkpoint to this stream, as its batch at {@code time}. */
    protected final void restoreGenerated(Time time, Rdd<T> rdd) {
        synchronized (generated) {
            generated.put(time, rdd);
        }
    }

    /**
     * A live upgrade: the datasets {@code previous}, this stream in the replaced graph, still
     * remembers become this one's (windows read them), and this one releases them.
     */
    protected final void takeGenerated(DStreamNode<T> previous) {
        synchronized (previous.generated) {
            synchronized (generated) {
                generated.putAll(previous.generated);
            }
            previous.generated.clear();
        }
    }

    /** Whether the dataset of batch {@code time} is generated and still remembered. */
    public boolean hasGenerated(Time time) {
        synchronized (generated) {
            return generated.containsKey(time);
        }
    }

    int generatedCount() {
        synchronized (generated) {
            return generated.size();
        }
    }

    public int id() {
        return id;
    }

    /** The graph this stream belongs to: the operators made from it join the same graph. */
    public DStreamGraph graph() {
        return graph;
    }

    public String operator() {
        return operator;
    }

    /** What this stream's batches are when every member of a group computes it on its part of the input. */
    public enum GroupPart {
        /** This member's part of the batch: the members' parts together are the whole (map, filter, ...). */
        PER_PART,
        /** Right only once the members exchange the batch's values by key (reduceByKey, groupByKey, ...). */
        BY_KEY,
        /** Needs the whole input on one member: windows, state from an initial state, transforms. */
        WHOLE_INPUT
    }

    /** Unless an operator says otherwise, it needs the whole input, so a group runs its stream on one member. */
    public GroupPart groupPart() {
        return GroupPart.WHOLE_INPUT;
    }

    /**
     * The stable name state is bound to: given by the user, or derived from the graph's shape: an
     * input is its operator and its place among the inputs ({@code socketTextStream-0}), any other
     * stream its parents' names and its operator ({@code socketTextStream-0/map/updateStateByKey}).
     */
    public String name() {
        if (name != null) {
            return name;
        }
        return derivedName != null ? derivedName : operator + "-" + id;
    }

    /** The name from the graph's shape, without a sibling's suffix; see {@link #name()}. */
    String shapeName(int inputIndex) {
        if (this instanceof InputNode) {
            return operator + "-" + inputIndex;
        }
        List<DStreamNode<?>> parents = dependencies();
        String from = parents.size() == 1 ? parents.get(0).name()
                : "(" + String.join("+", parents.stream().map(DStreamNode::name).toList()) + ")";
        return from + "/" + operator;
    }

    void deriveName(String derived) {
        this.derivedName = derived;
    }

    /** The name the user (or an operator plugin's stage) gave, if any. */
    public java.util.Optional<String> givenName() {
        return java.util.Optional.ofNullable(name);
    }

    /** The operator plugin stage that added this stream, if one did. */
    public Optional<OperatorStageRef> stage() {
        return Optional.ofNullable(stage);
    }

    void setStage(OperatorStageRef stage) {
        this.stage = stage;
    }

    public void setName(String name) {
        graph.checkNotStarted("name an operator");
        this.name = name;
    }

    @Override
    public String toString() {
        return name();
    }
}
