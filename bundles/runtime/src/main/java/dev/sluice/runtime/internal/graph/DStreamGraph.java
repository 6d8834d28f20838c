package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.plugin.PluginRef;

/**
 * The logical graph of one context: its operators, inputs and output operations in the order
 * they were registered. Built by the application's thread before start; afterwards used only
 * by the scheduler's thread.
 */
public final class DStreamGraph {

    private final BlockStore blocks;
    private final Duration batchInterval;
    private final int parallelism;
    private final int defaultPartitions;
    private final List<DStreamNode<?>> nodes = new ArrayList<>();
    /** The operator plugins the graph was built with, and the stage names given so far. */
    private final Set<PluginRef> operators = new LinkedHashSet<>();
    /** Each operator stage's plugin, by stage name: it says the version of the stage's state and migrates it. */
    private final Map<String, OperatorProvider> stages = new java.util.HashMap<>();
    /** Batches still to measure, and whether the batch being generated is. */
    private final AtomicInteger batchesToMeasure = new AtomicInteger();
    private volatile boolean measuring;
    /** The operator plugin of each named stage. */
    private final Map<String, PluginRef> stagePlugins = new java.util.HashMap<>();
    private final List<InputNode<?>> inputs = new ArrayList<>();
    private final List<OutputNode<?>> outputs = new ArrayList<>();
    private volatile boolean started;
    private java.time.Duration rememberAll = java.time.Duration.ZERO;
    private Time zeroTime = new Time(0);
    private boolean named;
    /** The group whose members share this stream's work, each running it on its part of the input; null: none. */
    private String sharedGroup;
    /** How the members of that group bring each key of a keyed stage to one member; null: no keyed stage. */
    private KeyExchange keyExchange;
    /** How keys and combined values are written for the exchange; set when the shared stream starts. */
    private volatile RecordCodec exchangeCodec;

    public DStreamGraph(BlockStore blocks, Duration batchInterval, int parallelism, int defaultPartitions) {
        this.blocks = blocks;
        this.batchInterval = batchInterval;
        this.parallelism = parallelism;
        this.defaultPartitions = defaultPartitions;
    }

    public Duration batchInterval() {
        return batchInterval;
    }

    /** Worker threads: the N of {@code local[N]}. */
    public int parallelism() {
        return parallelism;
    }

    /** Partitions of a shuffle when the operator is given no numTasks. */
    public int defaultPartitions() {
        return defaultPartitions;
    }

    public Time zeroTime() {
        return zeroTime;
    }

    int register(DStreamNode<?> node) {
        checkNotStarted("add an operator");
        nodes.add(node);
        return nodes.size() - 1;
    }

    /** Where persisted streams keep their batches. */
    BlockStore blocks() {
        return blocks;
    }

    void addInput(InputNode<?> input) {
        inputs.add(input);
    }

    public <T> void addOutput(DStreamNode<T> parent, OutputAction<T> action, String description) {
        checkNotStarted("add an output operation");
        outputs.add(new OutputNode<>(outputs.size(), parent, action, description));
    }

    public void checkNotStarted(String what) {
        if (started) {
            throw new InvalidGraphException("cannot " + what + " once the context has started;"
                    + " build the whole graph before start()");
        }
    }

    public List<InputNode<?>> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<OutputNode<?>> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public List<DStreamNode<?>> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Every plugin the inputs and outputs need, in graph order. */
    /**
     * Starts a stage of an operator plugin: {@code name}, or the type (then {@code type-2} and so on
     * for more stages of one type). The streams registered from {@link #stageEnd} on are its.
     */
    public String beginStage(PluginRef operator, String name, OperatorProvider provider) {
        checkNotStarted("apply an operator plugin");
        operators.add(operator);
        String stage = name;
        if (stage == null) {
            stage = operator.type();
            for (int n = 2; stages.containsKey(stage); n++) {
                stage = operator.type() + "-" + n;
            }
        }
        if (stages.putIfAbsent(stage, provider) != null) {
            throw new InvalidGraphException("two operator stages are named '" + stage + "'; give each its own name");
        }
        stagePlugins.put(stage, operator);
        return stage;
    }

    /** The operator plugin of the stage a stream named {@code name} belongs to, if it is in one. */
    public java.util.Optional<OperatorProvider> stageOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(stages.get(name.substring(0, slash)));
    }

    /** Where the streams a stage adds will begin: give it to {@link #nameStage} when the stage is built. */
    public int stageEnd() {
        return nodes.size();
    }

    /**
     * Names the streams registered since {@code from} under {@code stage}: {@code stage/totals} for one
     * named {@code totals}, {@code stage/updateStateByKey} (then {@code -2}, ...) for unnamed ones.
     */
    public void nameStage(String stage, int from) {
        var used = new java.util.HashSet<String>();
        for (DStreamNode<?> node : nodes.subList(from, nodes.size())) {
            String inner = node.givenName().orElse(node.operator());
            String name = stage + "/" + inner;
            for (int n = 2; !used.add(name); n++) {
                name = stage + "/" + inner + "-" + n;
            }
            node.setName(name);
            node.setStage(new OperatorStageRef(stage, stagePlugins.get(stage)));
        }
    }

    public Set<PluginRef> requiredPlugins() {
        var refs = new LinkedHashSet<PluginRef>();
        inputs.forEach(i -> i.requiredPlugin().ifPresent(refs::add));
        outputs.forEach(o -> o.action().requiredPlugin().ifPresent(refs::add));
        refs.addAll(operators);
        return refs;
    }

    public void validate() {
        if (outputs.isEmpty()) {
            throw new InvalidGraphException("no output operations are registered, so nothing would run;"
                    + " call print(), foreach(...) or to(...) on a stream before start()");
        }
    }

    /** Fixes batch times to {@code zero + k * batchInterval} and freezes the graph. */
    /** Every stream keeps its batches at least {@code d} after they are done. */
    public void remember(java.time.Duration d) {
        checkNotStarted("change what streams remember");
        rememberAll = d;
    }

    /** Every member of {@code group} runs this stream on the part of its inputs the group assigns it. */
    public void shareWorkIn(String group) {
        shareWorkIn(group, null);
    }

    /** As {@link #shareWorkIn(String)}, its keyed stages exchanging their keys through {@code keys}. */
    public void shareWorkIn(String group, KeyExchange keys) {
        checkNotStarted("share its work in a group");
        sharedGroup = group;
        keyExchange = keys;
    }

    /** The key exchange of a shared stream with keyed stages. */
    public Optional<KeyExchange> keyExchange() {
        return Optional.ofNullable(keyExchange);
    }

    /** The names of the keyed stages whose keys the members exchange, as the exchange knows them; in graph order. */
    public List<String> exchangedShuffles() {
        return keyExchange == null ? List.of() : nodes.stream()
                .filter(n -> n.groupPart() == DStreamNode.GroupPart.BY_KEY).map(DStreamGraph::shuffleName).toList();
    }

    /** Each of {@link #exchangedShuffles} that reads others' output, to those. */
    public java.util.Map<String, List<String>> chainedShuffles() {
        return keyExchange == null ? java.util.Map.of() : new KeyedStages(this).chainedShuffles();
    }

    /** Those of {@link #exchangedShuffles} whose stage keeps state per key, kept in the exchange's changelog. */
    public List<String> stateShuffles() {
        return keyExchange == null ? List.of() : nodes.stream().filter(n -> n.groupPart() == DStreamNode.GroupPart.BY_KEY
                && n instanceof StatefulNode).map(DStreamGraph::shuffleName).toList();
    }

    /** A keyed stage's name as its exchange knows it: the stream's name in the characters a topic name may hold. */
    public static String shuffleName(DStreamNode<?> node) {
        return node.name().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** How the exchanged keys and values are serialized (the context's codec). */
    public void exchangeWith(RecordCodec codec) {
        exchangeCodec = codec;
    }

    public RecordCodec exchangeCodec() {
        if (exchangeCodec == null) {
            throw new IllegalStateException("a shared stream's keyed stage ran before the stream started");
        }
        return exchangeCodec;
    }

    public java.util.Optional<String> sharedGroup() {
        return java.util.Optional.ofNullable(sharedGroup);
    }

    public void start(Time zero) {
        if (!named) {
            deriveNames();
        }
        persistSharedStreams();
        nodes.forEach(n -> n.rememberOwn(rememberAll));
        zeroTime = zero;
        started = true;
    }

    /**
     * Names every operator from the graph's shape (see {@link DStreamNode#name()}); the second and
     * later streams with the same name get {@code #2}, {@code #3}, in the order they were defined.
     */
    public void deriveNames() {
        named = true;
        var seen = new java.util.HashMap<String, Integer>();
        int input = 0;
        for (DStreamNode<?> node : afterTheirDependencies()) {
            String shape = node.shapeName(node instanceof InputNode ? input++ : -1);
            int n = seen.merge(shape, 1, Integer::sum);
            node.deriveName(n == 1 ? shape : shape + "#" + n);
        }
        var names = new java.util.HashMap<String, DStreamNode<?>>();
        for (DStreamNode<?> node : nodes) {
            DStreamNode<?> other = names.putIfAbsent(node.name(), node);
            if (other != null && node instanceof StatefulNode) {
                throw new InvalidGraphException("two streams are named '" + node.name() + "' (" + other.operator()
                        + " and " + node.operator() + "); state is bound to names, so give each a name of its own");
            }
        }
    }

    /** The nodes in the order added, each after what it reads ({@code InputSides} adds one between two). */
    private java.util.Collection<DStreamNode<?>> afterTheirDependencies() {
        var ordered = new LinkedHashSet<DStreamNode<?>>();
        nodes.forEach(n -> addAfterDependencies(n, ordered));
        return ordered;
    }

    private static void addAfterDependencies(DStreamNode<?> node, Set<DStreamNode<?>> ordered) {
        if (!ordered.contains(node)) {
            node.dependencies().forEach(d -> addAfterDependencies(d, ordered));
            ordered.add(node);
        }
    }

    /** The streams whose state goes into checkpoints, in graph order. */
    public List<StatefulNode> statefulNodes() {
        return nodes.stream().filter(StatefulNode.class::isInstance).map(StatefulNode.class::cast).toList();
    }

    /** The longest any input keeps its batches: how far back a recovery must replay them for windows. */
    public Duration inputRemember() {
        return inputs.stream().map(DStreamNode::rememberDuration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Recovery: computes the batch at {@code time} again from the inputs, without its outputs, so
     * stateful streams restored at an earlier batch catch up to the last completed one.
     */
    public void replay(Time time, java.util.Map<StatefulNode, Time> restoredAt) {
        inputs.forEach(i -> i.getOrCompute(time));
        restoredAt.forEach((node, restored) -> {
            if (time.isAfter(restored)) {
                ((DStreamNode<?>) node).getOrCompute(time);
            }
        });
    }

    /** A stream read by several operators or outputs is computed once per batch and then kept. */
    private void persistSharedStreams() {
        var consumers = new java.util.HashMap<DStreamNode<?>, Integer>();
        nodes.forEach(n -> n.dependencies().forEach(d -> consumers.merge(d, 1, Integer::sum)));
        outputs.forEach(o -> consumers.merge(o.parent(), 1, Integer::sum));
        consumers.forEach((node, count) -> {
            if (count > 1) {
                node.persistUnlessInput();
            }
        });
    }

    public boolean started() {
        return started;
    }

    /**
     * The jobs of the batch at {@code time}, in output order. Every input is computed, used or
     * not, so each batch takes exactly the data received before it.
     */
    public List<Job> generateJobs(Time time, Execution execution) {
        measuring = batchesToMeasure.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        BatchNotGenerated inputFailed = null;
        for (InputNode<?> input : inputs) {
            try {
                input.getOrCompute(time);
            } catch (BatchNotGenerated e) {
                // the other inputs still take their data, so each batch takes exactly what came before it
                inputFailed = inputFailed == null ? e : inputFailed;
            }
        }
        if (inputFailed != null) {
            throw inputFailed;
        }
        var jobs = new ArrayList<Job>(outputs.size());
        for (OutputNode<?> out : outputs) {
            try {
                out.generateJob(time, execution).ifPresent(jobs::add);
            } catch (BatchNotGenerated e) {
                // this output fails its batch with the cause; the others run
                jobs.add(out.failedJob(time, e));
            }
        }
        return jobs;
    }

    /** The records each input (by id) gave the batch at {@code time}. */
    public Map<Integer, Long> recordsByInput(Time time) {
        var records = new java.util.HashMap<Integer, Long>(inputs.size());
        inputs.forEach(i -> records.put(i.id(), i.recordsAt(time)));
        return records;
    }

    /**
     * Counts the records and times the work of every stream in the next {@code batches} batches
     * (see {@link DStreamNode#lastFigures}), for someone looking at the graph: the counting costs
     * a little on every record, so unwatched streams do without it.
     */
    public void measureNextBatches(int batches) {
        batchesToMeasure.accumulateAndGet(batches, Math::max);
    }

    /** Whether the batch being generated is measured. */
    boolean measuring() {
        return measuring;
    }

    /** Tells the inputs a batch is done, before its data is released. */
    public void batchCompleted(BatchInfo batch) {
        inputs.forEach(i -> i.batchCompleted(batch));
        nodes.forEach(n -> n.noteFigures(batch.batchTime()));
    }

    /** Releases what the batch at {@code completed} and those before it no longer need. */
    public void clearMetadata(Time completed) {
        nodes.forEach(n -> n.clearMetadata(completed));
    }

    /** Datasets currently retained across all operators, for tests of bounded memory. */
    public int retainedDatasets() {
        return nodes.stream().mapToInt(DStreamNode::generatedCount).sum();
    }
}
