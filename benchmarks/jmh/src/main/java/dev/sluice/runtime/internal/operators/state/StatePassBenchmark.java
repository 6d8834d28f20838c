package dev.sluice.runtime.internal.operators.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import dev.sluice.api.StateSpec;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * updateStateByKey's pass over one partition of a large state, the running count of the benchmark's
 * {@code JOB=state}: 500,000 keys, a batch of 375,000 values (about half of the keys get one or more),
 * the update called for every key, then the new states set. Before: the state a {@code HashMap}, the
 * batch's values a second one looked up per key. Now: {@link StateTable}, the values by slot.
 * Neither includes dealing the batch; the time is per key of the state.
 *
 * <p>{@link #mapWithStateStage}: mapWithState's whole stage on a partition of the same size, the
 * benchmark's {@code JOB=mapwithstate} count: the batch's 375,000 records dealt (each key packed),
 * each key found in its slot and the mapping function called per record, the changes committed; the time
 * is per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@OperationsPerInvocation(StatePassBenchmark.KEYS)
public class StatePassBenchmark {

    static final int KEYS = 500_000;
    static final int VALUES = 375_000;

    private static final BiFunction<List<Integer>, Optional<Integer>, Optional<Integer>> COUNT = (values, state) -> {
        int sum = state.orElse(0);
        for (int v : values) {
            sum += v;
        }
        return Optional.of(sum);
    };

    /** The benchmark job's mapping function: the word's running count. */
    private static final StateSpec<String, Integer, Integer, Pair<String, Integer>> RUNNING_COUNT = StateSpec
            .<String, Integer, Integer, Pair<String, Integer>>function((word, one, state) -> {
                int count = state.getOption().orElse(0) + one.orElse(0);
                state.update(count);
                return Pair.of(word, count);
            });

    private static final Partitioner ONE_PARTITION = Partitioner.hash(1);

    private HashMap<String, Integer> hashState;
    private WorkerPool pool;
    private Rdd<Pair<String, Integer>> records;
    private MapWithStateRdd<String, Integer, Integer, Pair<String, Integer>> mapWithState;
    private long time;
    private Map<String, List<Integer>> hashBatch;
    private StateTable<String, Integer> table;
    private DealtValues.Partition<String, Integer> dealt;

    @Setup
    @SuppressWarnings("unchecked")
    public void makeStateAndBatch() {
        var random = new Random(7);
        var keys = new String[KEYS];
        hashState = new HashMap<>();
        table = new StateTable<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "w" + Integer.toString(random.nextInt() & Integer.MAX_VALUE, 36) + i;
            hashState.put(keys[i], 1000 + i);
            table.put(keys[i], 1000 + i);
        }
        hashBatch = new HashMap<>();
        var pairs = new ArrayList<Pair<String, Integer>>(VALUES);
        for (int j = 0; j < VALUES; j++) {
            // a batch's own copy of the word, bytes and all, as a line's split makes it
            String key = new String(keys[random.nextInt(KEYS)].toCharArray());
            hashBatch.computeIfAbsent(key, k -> new ArrayList<>()).add(1);
            pairs.add(Pair.of(key, 1));
        }
        pool = new WorkerPool(1, "state");
        records = ListRdd.of(pairs, 1);
        dealt = DealtValues.deal(records, new StateTable[] {table}, Partitioner.hash(1), pool)
                .partition(0, table.capacity());
        var initial = new ArrayList<Pair<String, Integer>>(KEYS);
        for (String key : keys) {
            initial.add(Pair.of(key, 1000));
        }
        time = 1000;
        mapWithState = MapWithStateRdd.restored(new StateTables<>(Partitioner.hash(1), initial, time, false),
                RUNNING_COUNT, time);
    }

    @TearDown
    public void closePool() {
        pool.close();
    }

    @Benchmark
    public Object hashMapPass() {
        var next = new Object[hashState.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : hashState.entrySet()) {
            Optional<Integer> s = COUNT.apply(hashBatch.getOrDefault(e.getKey(), List.of()), Optional.of(e.getValue()));
            next[i++] = s.isPresent() ? s.get() : null;
        }
        i = 0;
        for (var it = hashState.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            Object s = next[i++];
            if (s == null) {
                it.remove();
            } else if (!SameValue.same(e.getValue(), s)) {
                e.setValue((Integer) s);
            }
        }
        return hashState;
    }

    @Benchmark
    public Object stateTablePass() {
        var next = new NewStates<>(table);
        for (int i = 0; i < table.capacity(); i++) {
            if (table.taken(i)) {
                next.set(i, COUNT.apply(dealt.at(i), Optional.of(table.stateAt(i))).orElse(null));
            }
        }
        next.apply();
        return table;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public Object mapWithStateStage() {
        time += 1000;
        var next = MapWithStateRdd.dealing(mapWithState, records, RUNNING_COUNT, time, ONE_PARTITION);
        next.runMapStage(pool);
        mapWithState = next;
        return next;
    }
}
